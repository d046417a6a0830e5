import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { DataType } from '@app/csv-schema';
import { BatchWriter, ContactsRepository, FieldValuesRepository, ImportsRepository } from '@app/database';
import { ContactRows } from './contact-rows';
import { FieldRows } from './field-rows';
import type { RowKind, RowKindContext, RunOptions, RunResult } from './row-kind';
import { ImportPass } from './import-pass';

export { HeaderError } from './row-kind';
export type { RunOptions, RunResult } from './row-kind';

/** The row kind of each data type: the only place the engine tells them apart. */
const ROW_KINDS: Record<DataType, (context: RowKindContext) => Promise<RowKind>> = {
  criteria: FieldRows.create,
  authorizations: FieldRows.create,
  contacts: ContactRows.create,
};

/**
 * Streams an upload through the CSV reader and checks and applies it batch by batch (see ImportPass), with
 * the row kind the data type needs.
 */
@Injectable()
export class ImportEngine {
  constructor(
    private readonly values: FieldValuesRepository,
    private readonly contacts: ContactsRepository,
    private readonly imports: ImportsRepository,
    private readonly writer: BatchWriter,
  ) {}

  async run(input: Readable, options: RunOptions): Promise<RunResult> {
    const { imports, writer } = this;
    const context = { options, values: this.values, contacts: this.contacts, imports, writer };
    const kind = await ROW_KINDS[options.dataType](context);
    return new ImportPass(kind, options, imports, writer).run(input);
  }
}
