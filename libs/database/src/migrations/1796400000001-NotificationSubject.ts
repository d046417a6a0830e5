import type { MigrationInterface, QueryRunner } from 'typeorm';

// A notification names the export or import it is about, so the outbox can be listed by either. Rows written
// before this migration take the id from the queue message they kept as payload.
export class NotificationSubject1796400000001 implements MigrationInterface {
  name = 'NotificationSubject1796400000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`notifications\` ADD \`export_id\` int UNSIGNED NULL AFTER \`institution_id\`, ADD \`import_id\` int UNSIGNED NULL AFTER \`export_id\`, ADD INDEX \`idx_notifications_export\` (\`institution_id\`, \`export_id\`), ADD INDEX \`idx_notifications_import\` (\`institution_id\`, \`import_id\`)`,
    );
    await queryRunner.query(
      `UPDATE \`notifications\` SET \`export_id\` = JSON_VALUE(\`payload\`, '$.exportId'), \`import_id\` = JSON_VALUE(\`payload\`, '$.importId') WHERE \`payload\` IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`notifications\` DROP INDEX \`idx_notifications_import\`, DROP INDEX \`idx_notifications_export\`, DROP COLUMN \`import_id\`, DROP COLUMN \`export_id\``,
    );
  }
}
