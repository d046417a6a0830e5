import { join, resolve } from 'node:path';

/** Where the zips live: FILES_DIR/exports, shared by every replica of the app. */
export function exportsDir(filesDir: string): string {
  return resolve(filesDir, 'exports');
}

/** Path of an export's zip relative to FILES_DIR (the form notification messages carry). */
export function exportRelativePath(exportId: number, fileName: string): string {
  return join('exports', `${exportId}-${fileName}`);
}

export function exportAbsolutePath(filesDir: string, exportId: number, fileName: string): string {
  return resolve(filesDir, exportRelativePath(exportId, fileName));
}

/** `template-<type>-<target>-<timestamp>` (UTC, e.g. 20261126-013300): the zip and its one entry. */
export function exportBaseName(dataType: string, targetId: number, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return `template-${dataType}-${targetId}-${stamp}`;
}
