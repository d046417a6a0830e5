import { Injectable, Logger } from '@nestjs/common';
import type { Pool as CallbackPool } from 'mysql2';
import type { PoolConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import type { Statement } from './statement';

const RETRIABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/** Largest SQL text sent in one round trip (max_allowed_packet is 16 MiB by default). */
const MAX_PACKET_CHARS = 4 * 1024 * 1024;

const errorCode = (error: unknown) =>
  (error as { driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;

/**
 * Runs a batch's statements (values, change log, report lines, counts and cursor) as one transaction in
 * as few round trips as the packet size allows, on the process's one connection pool (TypeORM's, which
 * accepts several statements per query: see dataSourceOptions).
 */
@Injectable()
export class BatchWriter {
  private readonly logger = new Logger(BatchWriter.name);
  /** innodb_autoinc_lock_mode, read once (it is a server setting fixed at startup). */
  private autoincLockMode: Promise<number> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /** A connection of the shared pool, promise-style; the caller releases it. */
  async connection(): Promise<PoolConnection> {
    const pool = (this.dataSource.driver as MysqlDriver).pool as CallbackPool;
    return pool.promise().getConnection();
  }

  /** Runs the statements as ONE transaction; the whole transaction is retried on a deadlock or a lock wait timeout. */
  async commit(statements: Statement[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const connection = await this.connection();
      try {
        const texts = [
          'START TRANSACTION',
          ...statements.map((statement) => connection.format(statement.sql, statement.params)),
          'COMMIT',
        ];
        let packet: string[] = [];
        let size = 0;
        for (const text of texts) {
          if (packet.length && size + text.length > MAX_PACKET_CHARS) {
            await connection.query(packet.join(';\n'));
            packet = [];
            size = 0;
          }
          packet.push(text);
          size += text.length + 2;
        }
        await connection.query(packet.join(';\n'));
        return;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        const code = errorCode(error);
        if (code && RETRIABLE.has(code) && attempt < 5) {
          this.logger.warn(`${code} on attempt ${attempt}; retrying the batch`);
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          continue;
        }
        throw error;
      } finally {
        connection.release();
      }
    }
  }

  /** Runs statements one by one, outside any batch (small writes: file errors). */
  async run(statements: Statement[]): Promise<void> {
    for (const statement of statements) await this.dataSource.query(statement.sql, statement.params);
  }

  /**
   * Whether one multi-row `INSERT … VALUES (…), (…)` gets consecutive AUTO_INCREMENT ids, the first
   * being LAST_INSERT_ID(): so with innodb_autoinc_lock_mode 0 (traditional) and 1 (consecutive,
   * MariaDB's and MySQL 5.7's default), where such a "simple insert" reserves its ids as one block.
   * Not with 2 (interleaved, MySQL 8's default and Galera's requirement): other sessions' inserts may
   * take ids in between.
   */
  async multiRowInsertIdsConsecutive(): Promise<boolean> {
    this.autoincLockMode ??= this.dataSource.query('SELECT @@innodb_autoinc_lock_mode AS mode').then(
      (rows: { mode: number | string }[]) => Number(rows[0]?.mode),
      (error: unknown) => {
        this.autoincLockMode = undefined;
        throw error;
      },
    );
    const mode = await this.autoincLockMode;
    return mode === 0 || mode === 1;
  }
}
