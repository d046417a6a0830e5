import type { MigrationInterface, QueryRunner } from 'typeorm';

// A revert runs with the status of an apply ('running'), so nothing told a running revert from a
// running apply: a revert whose queue job was lost was resumed as its apply. The flag says which.
export class ImportRevertRequested1795667288554 implements MigrationInterface {
  name = 'ImportRevertRequested1795667288554';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`imports\` ADD \`revert_requested\` tinyint NOT NULL DEFAULT 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`imports\` DROP COLUMN \`revert_requested\``);
  }
}
