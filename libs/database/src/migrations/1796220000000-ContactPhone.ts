import type { MigrationInterface, QueryRunner } from 'typeorm';

// A contact's phone number, E.164 (+ and at most 15 digits): a column of the contact columns table.
export class ContactPhone1796220000000 implements MigrationInterface {
  name = 'ContactPhone1796220000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`contacts\` ADD \`phone\` varchar(16) NULL DEFAULT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`contacts\` DROP COLUMN \`phone\``);
  }
}
