import type { MigrationInterface, QueryRunner } from 'typeorm';

// The digest of the request that took an idempotency key: the same key with another request is refused (422) instead
// of answering a job nobody asked for. Rows from before stay NULL and are replayed as they were.
export class IdempotencyDigest1796500000000 implements MigrationInterface {
  name = 'IdempotencyDigest1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `imports` ADD `idempotency_digest` char(64) NULL DEFAULT NULL AFTER `idempotency_key`',
    );
    await queryRunner.query(
      'ALTER TABLE `template_exports` ADD `idempotency_digest` char(64) NULL DEFAULT NULL AFTER `idempotency_key`',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `template_exports` DROP COLUMN `idempotency_digest`');
    await queryRunner.query('ALTER TABLE `imports` DROP COLUMN `idempotency_digest`');
  }
}
