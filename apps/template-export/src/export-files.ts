/** Where the zips are in the file store, shared by every replica of the app. */
export const EXPORTS_PREFIX = 'exports/';

/**
 * The key of an export's zip in the file store (the filePath notification messages carry): the path relative to
 * the files directory that zips had before the store, so rows and messages from then still find their file.
 */
export function exportKey(exportId: number, fileName: string): string {
  return `${EXPORTS_PREFIX}${exportId}-${fileName}`;
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
