import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { CsvInputErrorCode } from './csv-input-error';
import { CsvInputError } from './csv-input-error';
import type { CsvReadOptions, CsvRecord } from './csv-reader';
import { DEFAULT_MAX_CELLS, DEFAULT_MAX_LINE_BYTES } from './csv-reader';

/** What the reading thread sends the parse thread: the next bytes, or none at the end of input. */
export interface ToParser {
  bytes?: Uint8Array;
}

/** Records packed for the trip: every cell in `text`, NUL-separated; `counts[r]` cells belong to record r. */
export interface PackedRecords {
  lines: Uint32Array;
  counts: Uint32Array;
  text: string;
}

export interface FromParser {
  records?: PackedRecords;
  error?: { message: string; input?: { code: CsvInputErrorCode; line: number } };
  final: boolean;
}

/** Bytes sent to the parse thread at once, and how many such sends may wait unanswered. */
const SEND_BYTES = 1024 * 1024;
const SENDS_AHEAD = 2;

const WORKER_FILE = join(__dirname, `csv-worker${extname(__filename)}`);
// The tests run the TypeScript sources: the parse thread then compiles its modules as it loads them.
const TS_BOOTSTRAP = `
const { readFileSync } = require('node:fs');
const ts = require('typescript');
require.extensions['.ts'] = (module, file) => module._compile(ts.transpileModule(readFileSync(file, 'utf8'),
  { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText, file);
require(${JSON.stringify(WORKER_FILE)});`;

/**
 * The parse thread's heap: its garbage is short-lived, so a small old space is enough, with room for a
 * few copies of the longest line accepted. (Left unbounded, V8 grows a heap long before collecting it.)
 */
function heapLimits(maxLineBytes: number) {
  return { maxOldGenerationSizeMb: 32 + Math.ceil((8 * maxLineBytes) / 1048576), maxYoungGenerationSizeMb: 16 };
}

/**
 * `readCsv` with the parsing on a thread of its own, for large files: decoding, the input guard and
 * fast-csv run beside the caller's checks and database work instead of between them. Same records,
 * same `CsvInputError`s; reading stays a few megabytes ahead of the caller, never more.
 */
export function readCsvInWorker(input: Readable, options?: CsvReadOptions): AsyncIterable<CsvRecord> {
  const workerData: CsvReadOptions = {
    maxLineBytes: options?.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    maxCells: options?.maxCells ?? DEFAULT_MAX_CELLS,
  };
  return {
    async *[Symbol.asyncIterator]() {
      const ts = WORKER_FILE.endsWith('.ts');
      const worker = new Worker(ts ? TS_BOOTSTRAP : WORKER_FILE, {
        eval: ts,
        workerData,
        resourceLimits: ts ? undefined : heapLimits(workerData.maxLineBytes!),
      });
      const answers: (FromParser | Error)[] = [];
      let wake: (() => void) | undefined;
      const arrive = (answer: FromParser | Error) => {
        answers.push(answer);
        wake?.();
      };
      worker.on('message', arrive);
      worker.on('error', arrive);
      worker.on('exit', (code) => arrive(new Error(`The CSV parse thread stopped (exit code ${code})`)));

      const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
      let unanswered = 0;
      let inputDone = false;
      let held: Buffer[] = [];
      let heldBytes = 0;
      const send = (bytes?: Buffer) => {
        unanswered++;
        if (!bytes) return worker.postMessage({} satisfies ToParser);
        const copy = new Uint8Array(bytes); // its own buffer, safe to hand over
        worker.postMessage({ bytes: copy } satisfies ToParser, [copy.buffer]);
      };
      try {
        for (;;) {
          while (!inputDone && unanswered < SENDS_AHEAD) {
            const next = await chunks.next();
            if (next.done) {
              inputDone = true;
              if (heldBytes) send(Buffer.concat(held, heldBytes));
              send();
              break;
            }
            const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
            held.push(chunk);
            heldBytes += chunk.length;
            if (heldBytes < SEND_BYTES) continue;
            send(Buffer.concat(held, heldBytes));
            held = [];
            heldBytes = 0;
          }
          while (!answers.length) await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          const answer = answers.shift()!;
          unanswered--;
          if (answer instanceof Error) throw answer;
          if (answer.error) {
            const { message, input: csv } = answer.error;
            throw csv ? new CsvInputError(csv.code, csv.line, message) : new Error(message);
          }
          const { lines, counts, text } = answer.records!;
          if (lines.length) {
            const cells = text.split('\0');
            for (let r = 0, at = 0; r < lines.length; r++)
              yield { line: lines[r], cells: cells.slice(at, (at += counts[r])) };
          }
          if (answer.final) return;
        }
      } finally {
        worker.removeAllListeners('exit');
        await worker.terminate();
      }
    },
  };
}
