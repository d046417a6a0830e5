// The parse thread of `readCsvInWorker`: bytes in, in order; records out, packed (see PackedRecords).
import { parentPort, workerData } from 'node:worker_threads';
import type { CsvRecord, CsvReadOptions } from './csv-reader';
import { CsvChunkReader } from './csv-reader';
import { CsvInputError } from './csv-input-error';
import type { ToParser, FromParser } from './csv-worker-reader';

const reader = new CsvChunkReader(workerData as CsvReadOptions);
const port = parentPort!;

/**
 * One string of every cell joined by NUL (which the reader refuses in a file, so it cannot occur in
 * a cell) and the cell count of each record: cloning one string across threads is a copy, where
 * arrays of short strings would be serialised one by one.
 */
function pack(records: CsvRecord[], final: boolean): FromParser {
  const lines = new Uint32Array(records.length);
  const counts = new Uint32Array(records.length);
  const cells: string[] = [];
  for (let r = 0; r < records.length; r++) {
    lines[r] = records[r].line;
    counts[r] = records[r].cells.length;
    for (const cell of records[r].cells) cells.push(cell);
  }
  return { records: { lines, counts, text: cells.join('\0') }, final };
}

port.on('message', (message: ToParser) => {
  try {
    const records = message.bytes
      ? reader.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength))
      : reader.finish();
    const packed = pack(records, !message.bytes);
    port.postMessage(packed, [packed.records!.lines.buffer, packed.records!.counts.buffer]);
  } catch (error) {
    const input = error instanceof CsvInputError ? { code: error.code, line: error.line } : undefined;
    port.postMessage({ error: { message: (error as Error).message, input }, final: true } satisfies FromParser);
  }
});
