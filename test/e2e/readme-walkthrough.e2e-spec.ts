import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import type { RunningApp } from '../utils';
import { ADMIN_KEY, isolateTestFile, startApp } from '../utils';

const README = join(__dirname, '..', '..', 'README.md');

/** A walkthrough step: the bash block after a `<!-- walkthrough -->` marker, and the output shown below it. */
interface Step {
  script: string;
  expected: string;
}

function walkthroughSteps(markdown: string): Step[] {
  const step = /<!-- walkthrough -->\n```bash\n([\s\S]*?)\n```\n\n```text\n([\s\S]*?)\n```/g;
  return [...markdown.matchAll(step)].map(([, script, expected]) => ({ script, expected }));
}

/** The expected output as a pattern: `…` stands for any text within a line (an id, a generated code). */
function outputPattern(expected: string): RegExp {
  const escaped = expected
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^\\n]*');
  return new RegExp(`^${escaped}$`);
}

/** The README's walkthrough, its commands run verbatim by bash against the apps, twice in the same directory. */
describe('the README walkthrough', () => {
  let apps: RunningApp[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('prints what the README says at each step, and again when run a second time', async () => {
    isolateTestFile();
    apps = await Promise.all([
      startApp(TargetsAppModule, TARGETS_APP),
      startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP),
      startApp(ImportAppModule, IMPORT_APP),
    ]);
    const [targets, templateExport, imports] = apps.map((app) => app.url);
    const steps = walkthroughSteps(readFileSync(README, 'utf8'));
    // Export, download, edit, validate, apply, report, revert: at least one step each, after the set-up.
    expect(steps.length).toBeGreaterThanOrEqual(10);

    // One shell for every step, as a reader pasting them into one terminal; a marker line ends each step's output.
    const script = steps.map((step, index) => `${step.script}\necho "@@step ${index}"`).join('\n');
    const cwd = mkdtempSync(join(tmpdir(), 'cmu-walkthrough-'));
    const env = { ...process.env, T: targets, X: templateExport, I: imports, ADMIN_KEY };
    for (const run of [1, 2]) {
      const { stdout } = await promisify(execFile)('bash', ['-c', script], { cwd, env, timeout: 90_000 });
      const outputs = stdout.replace(/\r\n/g, '\n').split(/^@@step \d+\n/m);
      steps.forEach((step, index) => {
        const printed = outputs[index].trimEnd();
        const matches = outputPattern(step.expected).test(printed);
        expect(matches ? 'as in the README' : `run ${run}, step ${index + 1} printed:\n${printed}`).toBe(
          'as in the README',
        );
      });
    }
  });
});
