import { Readable } from 'node:stream';
import { RowCursor } from './row-cursor';

async function drain<T>(cursor: RowCursor<T>): Promise<T[]> {
  const rows: T[] = [];
  for (;;) {
    if (cursor.peek() === undefined && !(await cursor.fill())) return rows;
    rows.push(cursor.shift()!);
  }
}

describe('RowCursor', () => {
  it('gives every row once, in order, across many buffer refills', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [i, `name ${i}`]);
    const stream = Readable.from(rows, { objectMode: true, highWaterMark: 7 });
    expect(await drain(new RowCursor(stream))).toEqual(rows);
  });

  it('peeks without consuming and answers false at the end, also when called again', async () => {
    const cursor = new RowCursor<number>(Readable.from([1, 2], { objectMode: true }));
    expect(await cursor.fill()).toBe(true);
    expect(cursor.peek()).toBe(1);
    expect(cursor.peek()).toBe(1);
    expect(cursor.shift()).toBe(1);
    expect(await drain(cursor)).toEqual([2]);
    expect(cursor.shift()).toBeUndefined();
    expect(await cursor.fill()).toBe(false);
    expect(await cursor.fill()).toBe(false);
  });

  it('handles an empty stream', async () => {
    expect(await drain(new RowCursor(Readable.from([], { objectMode: true })))).toEqual([]);
  });

  it('rejects with the error of the stream', async () => {
    let sent = 0;
    const stream = new Readable({
      objectMode: true,
      read() {
        if (sent < 3) this.push(sent++);
        else this.destroy(new Error('connection lost'));
      },
    });
    await expect(drain(new RowCursor(stream))).rejects.toThrow('connection lost');
  });

  it('leaves the producer paused while nobody reads (backpressure)', async () => {
    let produced = 0;
    const stream = new Readable({
      objectMode: true,
      highWaterMark: 10,
      read() {
        this.push(produced++);
      },
    });
    const cursor = new RowCursor<number>(stream);
    expect(await cursor.fill()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Only about one buffer's worth was produced ahead of the reader.
    expect(produced).toBeLessThan(40);
    const first = cursor.shift();
    expect(first).toBe(0);
    stream.destroy();
  });
});
