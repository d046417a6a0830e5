import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { describeQueryError, loggableError, RedactingQueryLogger } from './query-logger';

const duplicate = Object.assign(new Error("Duplicate entry 'jane@example.org' for key 'contacts.email'"), {
  code: 'ER_DUP_ENTRY',
  errno: 1062,
  sqlState: '23000',
});

describe('query logging', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a failed query by its code, without its text, its parameters or the values it quotes', () => {
    const errors = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const logger = new RedactingQueryLogger();
    logger.logQuery();
    logger.logQueryError(duplicate);
    expect(errors).toHaveBeenCalledTimes(1);
    const line = String(errors.mock.calls[0][0]);
    expect(line).toBe("query failed: ER_DUP_ENTRY 1062 23000: Duplicate entry '…' for key '…'");
    expect(line).not.toContain('jane');
  });

  it('elides the quoted values of a failed query in an error logged by a runner', () => {
    const failed = new QueryFailedError('INSERT INTO contacts (email) VALUES (?)', ['jane@example.org'], duplicate);
    const text = loggableError(failed);
    expect(text).toContain('QueryFailedError: ER_DUP_ENTRY 1062 23000: Duplicate entry');
    expect(text).not.toContain('jane');
    expect(loggableError(new Error('plain'))).toContain('Error: plain');
    expect(describeQueryError('near "x" at line 1')).toBe('near "…" at line 1');
  });
});
