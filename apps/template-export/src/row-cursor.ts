import type { Readable } from 'node:stream';

/**
 * Reads an object-mode stream (a streamed MySQL result) row by row without a promise per row:
 * `peek()`/`shift()` work on what is buffered, `fill()` waits only when the buffer is empty.
 * Not reading pauses the stream, which pauses the MySQL connection: memory stays bounded.
 */
export class RowCursor<T> {
  private buffer: T[] = [];
  private position = 0;
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly stream: Readable) {
    stream.on('readable', () => this.notify());
    stream.on('end', () => {
      this.ended = true;
      this.notify();
    });
    stream.on('error', (error) => {
      this.failure = error;
      this.notify();
    });
  }

  /** The current row, or undefined when the buffer is empty (then call fill()). */
  peek(): T | undefined {
    return this.position < this.buffer.length ? this.buffer[this.position] : undefined;
  }

  shift(): T | undefined {
    return this.position < this.buffer.length ? this.buffer[this.position++] : undefined;
  }

  /** Buffers more rows; false once the stream has ended and every row was taken. */
  async fill(): Promise<boolean> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.position < this.buffer.length) return true;
      this.buffer = [];
      this.position = 0;
      // Take what is buffered now, not more: a producer that pushes as it is read must not loop us forever.
      let budget = Math.max(1, this.stream.readableLength);
      let row: T | null;
      while (budget-- > 0 && (row = this.stream.read() as T | null) !== null) this.buffer.push(row);
      if (this.buffer.length) return true;
      if (this.ended) return false;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
