import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScratchDir } from './scratch-dir';

describe('ScratchDir', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'cmu-scratch-spec-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('deletes at start what a dead process left, keeps a live one’s, and gives this process its own directory', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const parent = join(root, 'cmu-scratch');
    mkdirSync(join(parent, String(deadPid)), { recursive: true });
    writeFileSync(join(parent, String(deadPid), 'sheet.xml'), 'left by a killed job');
    mkdirSync(join(parent, String(process.ppid)), { recursive: true });

    const scratch = new ScratchDir(root);
    expect(await scratch.clean()).toEqual([String(deadPid)]);
    expect(existsSync(join(parent, String(deadPid)))).toBe(false);
    expect(existsSync(join(parent, String(process.ppid)))).toBe(true);
    expect(scratch.path).toBe(join(parent, String(process.pid)));
    expect(existsSync(scratch.path)).toBe(true);
  });
});
