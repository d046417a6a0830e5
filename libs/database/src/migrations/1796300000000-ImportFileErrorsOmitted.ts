import type { MigrationInterface, QueryRunner } from 'typeorm';

// An import keeps its first 100 file errors (the report keeps them all): how many it left out.
export class ImportFileErrorsOmitted1796300000000 implements MigrationInterface {
  name = 'ImportFileErrorsOmitted1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`imports\` ADD \`file_errors_omitted\` int UNSIGNED NOT NULL DEFAULT '0' AFTER \`file_errors\``,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`imports\` DROP COLUMN \`file_errors_omitted\``);
  }
}
