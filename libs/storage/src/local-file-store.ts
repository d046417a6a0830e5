import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, StoredFileEntry, StoredFileInfo } from './file-store';
import { checkKey, checkPrefix, FileStore, StorageConfigError, StoredFileMissingError } from './file-store';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/** The `file` driver: a directory (FILES_DIR, or the path of a file:// STORAGE_URL), as before the store existed. */
export class LocalFileStore extends FileStore {
  readonly driver = 'file';
  readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  get location(): string {
    return `file://${this.root}`;
  }

  private path(key: string): string {
    return join(this.root, ...checkKey(key));
  }

  async write(key: string, body: Readable): Promise<{ size: number }> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // Written aside then renamed: a reader never sees half a file. A leftover of a killed process is a dot file the
    // retention clean-up deletes with the rest.
    const partial = join(dirname(path), `.partial-${randomBytes(6).toString('hex')}`);
    try {
      await pipeline(body, createWriteStream(partial));
      await rename(partial, path);
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      throw error;
    }
    return { size: (await stat(path)).size };
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.path(key);
    // Opened first, so that a missing file rejects here rather than as a stream error.
    const handle = await open(path, 'r').catch((error) => {
      throw isMissing(error) ? new StoredFileMissingError(key) : error;
    });
    return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: 256 * 1024 });
  }

  async stat(key: string): Promise<StoredFileInfo | null> {
    const info = await stat(this.path(key)).catch((error) => {
      if (isMissing(error)) return null;
      throw error;
    });
    return info?.isFile() ? { size: info.size, modifiedAt: info.mtime } : null;
  }

  async delete(key: string): Promise<void> {
    await unlink(this.path(key)).catch((error) => {
      if (!isMissing(error)) throw error;
    });
  }

  async listOlderThan(prefix: string, before: Date): Promise<StoredFileEntry[]> {
    checkPrefix(prefix);
    const found: StoredFileEntry[] = [];
    const walk = async (relative: string): Promise<void> => {
      const entries = await readdir(join(this.root, relative), { withFileTypes: true }).catch((error) => {
        if (isMissing(error)) return [];
        throw error;
      });
      for (const entry of entries) {
        const key = `${relative}${entry.name}`;
        if (entry.isDirectory()) await walk(`${key}/`);
        else if (entry.isFile()) {
          const info = await this.stat(key);
          if (info && info.modifiedAt < before) found.push({ key, ...info });
        }
      }
    };
    await walk(prefix);
    return found;
  }

  async check(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new StorageConfigError(
        `STORAGE_URL (or FILES_DIR): the directory ${this.root} cannot be created or written (${(error as Error).message})`,
      );
    }
  }

  downloadUrl(): Promise<string | null> {
    return Promise.resolve(null);
  }
}
