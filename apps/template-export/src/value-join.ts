import type { Readable } from 'node:stream';
import { RowCursor } from './row-cursor';

/** [contact, field, value], or [contact, "field:value,…"] when packed per contact by the database. */
export type ValueRow = [number, number, number] | [number, string];

const COLON = 58;
const COMMA = 44;
const ZERO = 48;

/**
 * The values stream merged into the contact rows, both in contact-id order: for each contact, the stored
 * values of each field of the template (value ids, or 0/1 answers). Nothing is held beyond one contact's.
 */
export class ValueJoin {
  private readonly values: RowCursor<ValueRow> | null;
  private readonly position: Map<number, number>;
  /** Per field, the values of the current contact: reused from one contact to the next. */
  private readonly found: number[][];
  private readonly counts: Int32Array;
  private valuesLeft: boolean;

  constructor(stream: Readable | null, fieldIds: number[]) {
    this.values = stream ? new RowCursor<ValueRow>(stream) : null;
    this.valuesLeft = this.values !== null;
    this.position = new Map(fieldIds.map((id, index) => [id, index]));
    this.found = fieldIds.map(() => []);
    this.counts = new Int32Array(fieldIds.length);
  }

  /** Reads the values of contact `id`, dropping those of contacts before it (they left the target meanwhile). */
  async collect(id: number): Promise<void> {
    this.counts.fill(0);
    const values = this.values!;
    while (this.valuesLeft) {
      let value = values.peek();
      if (value === undefined) {
        if (!(await values.fill())) {
          this.valuesLeft = false;
          break;
        }
        value = values.peek()!;
      }
      if (value[0] > id) break;
      values.shift();
      if (value[0] < id) continue;
      if (value.length === 2) this.unpack(value[1]);
      else this.add(value[1], value[2]);
    }
  }

  /** The cells of the contact's fields, each printed by `format` from its stored values. */
  cells(format: (stored: number[], count: number) => string, row: string[]): void {
    for (let index = 0; index < this.found.length; index++) {
      const cell = format(this.found[index], this.counts[index]);
      row.push(cell, cell);
    }
  }

  private add(field: number, value: number): void {
    const index = this.position.get(field);
    if (index !== undefined) this.found[index][this.counts[index]++] = value;
  }

  /** All of a contact's values as "field:value,field:value" (digits only). */
  private unpack(packed: string | number): void {
    const text = typeof packed === 'string' ? packed : String(packed);
    let field = 0;
    let number = 0;
    for (let i = 0; i <= text.length; i++) {
      const char = i < text.length ? text.charCodeAt(i) : COMMA;
      if (char === COLON) {
        field = number;
        number = 0;
      } else if (char === COMMA) {
        this.add(field, number);
        number = 0;
      } else {
        number = number * 10 + char - ZERO;
      }
    }
  }
}
