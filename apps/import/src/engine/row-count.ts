import type { Readable } from 'node:stream';
import type { UploadSource, ZipLimits } from './upload-file';
import { openUpload } from './upload-file';

/**
 * progress.total before the end: the rows below the header of a CSV upload, plain or the entry of a zip
 * (inflated through openUpload's guard), counted by its line feeds beside the run. An estimate (a quoted
 * line break counts as a row), corrected at the end. Null for a workbook (counting its rows would mean
 * inflating and parsing it a second time) and for a file that cannot be read: the run reports why.
 */
export async function countRows(source: UploadSource, limits: ZipLimits): Promise<number | null> {
  let opened: Awaited<ReturnType<typeof openUpload>> | undefined;
  try {
    opened = await openUpload(source, limits);
    if (opened.format !== 'csv') return null;
    return Math.max((await csvLines(opened.stream)) - 1, 0);
  } catch {
    return null;
  } finally {
    opened?.stream.destroy();
  }
}

/** Lines of a CSV: its line feeds, plus a last line without one. */
async function csvLines(input: Readable): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  return last === 0x0a ? lines : lines + 1;
}
