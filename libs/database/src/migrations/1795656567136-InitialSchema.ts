import type { MigrationInterface, QueryRunner } from 'typeorm';

// The whole schema (docs/architecture.md; generated from the entities, then reviewed): every table is
// InnoDB utf8mb4 and scoped by institution_id, with the indexes target rules and exports need.

export class InitialSchema1795656567136 implements MigrationInterface {
  name = 'InitialSchema1795656567136';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`authorizations\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`institution_id\` int UNSIGNED NOT NULL, \`code\` varchar(64) NOT NULL, \`label\` varchar(255) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_authorizations_institution_code\` (\`institution_id\`, \`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`contact_authorizations\` (\`contact_id\` int UNSIGNED NOT NULL, \`authorization_id\` int UNSIGNED NOT NULL, \`value\` tinyint NOT NULL, INDEX \`idx_ca_authorization\` (\`authorization_id\`, \`value\`, \`contact_id\`), PRIMARY KEY (\`contact_id\`, \`authorization_id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`contact_criterion_values\` (\`contact_id\` int UNSIGNED NOT NULL, \`criterion_id\` int UNSIGNED NOT NULL, \`value_id\` int UNSIGNED NOT NULL, INDEX \`idx_ccv_criterion\` (\`criterion_id\`, \`contact_id\`), INDEX \`idx_ccv_value\` (\`value_id\`, \`contact_id\`), PRIMARY KEY (\`contact_id\`, \`criterion_id\`, \`value_id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`contacts\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`institution_id\` int UNSIGNED NOT NULL, \`first_name\` varchar(100) NOT NULL DEFAULT '', \`last_name\` varchar(100) NOT NULL DEFAULT '', \`email\` varchar(254) NOT NULL DEFAULT '', \`birth_date\` date NULL, \`language\` char(2) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`idx_contacts_institution_first_name\` (\`institution_id\`, \`first_name\`), INDEX \`idx_contacts_institution_last_name\` (\`institution_id\`, \`last_name\`), INDEX \`idx_contacts_institution_email\` (\`institution_id\`, \`email\`), INDEX \`idx_contacts_institution\` (\`institution_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`criteria\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`institution_id\` int UNSIGNED NOT NULL, \`code\` varchar(64) NOT NULL, \`label\` varchar(255) NOT NULL, \`multi_valued\` tinyint NOT NULL DEFAULT 0, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_criteria_institution_code\` (\`institution_id\`, \`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`criterion_values\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`criterion_id\` int UNSIGNED NOT NULL, \`code\` varchar(64) NOT NULL, \`label\` varchar(255) NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, UNIQUE INDEX \`uq_criterion_values_code\` (\`criterion_id\`, \`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`import_changes\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`import_id\` int UNSIGNED NOT NULL, \`contact_id\` int UNSIGNED NOT NULL, \`field_type\` varchar(16) NOT NULL, \`field_code\` varchar(64) NOT NULL, \`old_value\` text NOT NULL, \`new_value\` text NOT NULL, \`line\` int UNSIGNED NOT NULL, \`reverted\` tinyint NOT NULL DEFAULT 0, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`idx_import_changes_contact\` (\`contact_id\`), UNIQUE INDEX \`uq_import_changes_field\` (\`import_id\`, \`contact_id\`, \`field_type\`, \`field_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`import_issues\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`import_id\` int UNSIGNED NOT NULL, \`line\` int UNSIGNED NOT NULL, \`contact_id\` varchar(64) NOT NULL DEFAULT '', \`column_name\` varchar(255) NOT NULL DEFAULT '', \`value\` text NULL, \`code\` varchar(40) NOT NULL, \`severity\` varchar(10) NOT NULL, \`message\` text NOT NULL, INDEX \`idx_import_issues_import\` (\`import_id\`, \`line\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`imports\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`institution_id\` int UNSIGNED NOT NULL, \`data_type\` varchar(20) NOT NULL, \`mode\` varchar(10) NOT NULL, \`status\` varchar(16) NOT NULL DEFAULT 'queued', \`on_conflict\` varchar(10) NOT NULL DEFAULT 'skip', \`all_or_nothing\` tinyint NOT NULL DEFAULT 0, \`email\` varchar(254) NULL, \`locale\` varchar(5) NOT NULL DEFAULT 'fr', \`original_name\` varchar(255) NOT NULL, \`stored_name\` varchar(255) NOT NULL, \`file_size\` bigint UNSIGNED NOT NULL DEFAULT '0', \`processed\` int UNSIGNED NOT NULL DEFAULT '0', \`total\` int UNSIGNED NULL, \`rows_count\` int UNSIGNED NOT NULL DEFAULT '0', \`valid_rows\` int UNSIGNED NOT NULL DEFAULT '0', \`error_rows\` int UNSIGNED NOT NULL DEFAULT '0', \`changes\` int UNSIGNED NOT NULL DEFAULT '0', \`unchanged\` int UNSIGNED NOT NULL DEFAULT '0', \`conflicts\` int UNSIGNED NOT NULL DEFAULT '0', \`applied\` int UNSIGNED NOT NULL DEFAULT '0', \`warnings\` int UNSIGNED NOT NULL DEFAULT '0', \`file_errors\` json NULL, \`last_applied_line\` int UNSIGNED NOT NULL DEFAULT '0', \`cancel_requested\` tinyint NOT NULL DEFAULT 0, \`error\` text NULL, \`idempotency_key\` varchar(255) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`started_at\` datetime(3) NULL, \`finished_at\` datetime(3) NULL, INDEX \`idx_imports_status\` (\`status\`), UNIQUE INDEX \`uq_imports_idempotency\` (\`institution_id\`, \`idempotency_key\`), INDEX \`idx_imports_institution\` (\`institution_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`institutions\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`code\` varchar(64) NOT NULL, \`name\` varchar(255) NOT NULL, \`api_key_hash\` char(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_3617f5ad52593fd4355b38d03a\` (\`code\`), UNIQUE INDEX \`IDX_1a185a11fc228cebab8d4049cf\` (\`api_key_hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`notifications\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`institution_id\` int UNSIGNED NULL, \`type\` varchar(40) NOT NULL, \`recipient\` varchar(254) NOT NULL, \`locale\` varchar(5) NOT NULL DEFAULT 'fr', \`subject\` varchar(255) NULL, \`status\` varchar(10) NOT NULL DEFAULT 'pending', \`attempts\` int UNSIGNED NOT NULL DEFAULT '0', \`last_error\` text NULL, \`sent_at\` datetime(3) NULL, \`dedupe_key\` varchar(128) NOT NULL, \`payload\` json NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`idx_notifications_status\` (\`status\`), INDEX \`idx_notifications_recipient\` (\`recipient\`), UNIQUE INDEX \`uq_notifications_dedupe\` (\`dedupe_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`targets\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`institution_id\` int UNSIGNED NOT NULL, \`name\` varchar(255) NOT NULL, \`rule\` json NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`idx_targets_institution\` (\`institution_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `CREATE TABLE \`template_exports\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`institution_id\` int UNSIGNED NOT NULL, \`target_id\` int UNSIGNED NOT NULL, \`data_type\` varchar(20) NOT NULL, \`fields\` json NULL, \`email\` varchar(254) NULL, \`locale\` varchar(5) NOT NULL DEFAULT 'fr', \`delimiter\` char(1) NOT NULL DEFAULT ',', \`format\` varchar(8) NOT NULL DEFAULT 'csv', \`status\` varchar(16) NOT NULL DEFAULT 'queued', \`processed\` int UNSIGNED NOT NULL DEFAULT '0', \`total\` int UNSIGNED NULL, \`row_count\` int UNSIGNED NULL, \`file_name\` varchar(255) NULL, \`file_size\` bigint UNSIGNED NULL, \`error\` text NULL, \`idempotency_key\` varchar(255) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`started_at\` datetime(3) NULL, \`finished_at\` datetime(3) NULL, INDEX \`idx_template_exports_status\` (\`status\`, \`finished_at\`), UNIQUE INDEX \`uq_template_exports_idempotency\` (\`institution_id\`, \`idempotency_key\`), INDEX \`idx_template_exports_institution\` (\`institution_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `ALTER TABLE \`criterion_values\` ADD CONSTRAINT \`FK_a3f71f64785629c668367ad1b1e\` FOREIGN KEY (\`criterion_id\`) REFERENCES \`criteria\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`criterion_values\` DROP FOREIGN KEY \`FK_a3f71f64785629c668367ad1b1e\``);
    await queryRunner.query(`DROP INDEX \`idx_template_exports_institution\` ON \`template_exports\``);
    await queryRunner.query(`DROP INDEX \`uq_template_exports_idempotency\` ON \`template_exports\``);
    await queryRunner.query(`DROP INDEX \`idx_template_exports_status\` ON \`template_exports\``);
    await queryRunner.query(`DROP TABLE \`template_exports\``);
    await queryRunner.query(`DROP INDEX \`idx_targets_institution\` ON \`targets\``);
    await queryRunner.query(`DROP TABLE \`targets\``);
    await queryRunner.query(`DROP INDEX \`uq_notifications_dedupe\` ON \`notifications\``);
    await queryRunner.query(`DROP INDEX \`idx_notifications_recipient\` ON \`notifications\``);
    await queryRunner.query(`DROP INDEX \`idx_notifications_status\` ON \`notifications\``);
    await queryRunner.query(`DROP TABLE \`notifications\``);
    await queryRunner.query(`DROP INDEX \`IDX_1a185a11fc228cebab8d4049cf\` ON \`institutions\``);
    await queryRunner.query(`DROP INDEX \`IDX_3617f5ad52593fd4355b38d03a\` ON \`institutions\``);
    await queryRunner.query(`DROP TABLE \`institutions\``);
    await queryRunner.query(`DROP INDEX \`idx_imports_institution\` ON \`imports\``);
    await queryRunner.query(`DROP INDEX \`uq_imports_idempotency\` ON \`imports\``);
    await queryRunner.query(`DROP INDEX \`idx_imports_status\` ON \`imports\``);
    await queryRunner.query(`DROP TABLE \`imports\``);
    await queryRunner.query(`DROP INDEX \`idx_import_issues_import\` ON \`import_issues\``);
    await queryRunner.query(`DROP TABLE \`import_issues\``);
    await queryRunner.query(`DROP INDEX \`uq_import_changes_field\` ON \`import_changes\``);
    await queryRunner.query(`DROP INDEX \`idx_import_changes_contact\` ON \`import_changes\``);
    await queryRunner.query(`DROP TABLE \`import_changes\``);
    await queryRunner.query(`DROP INDEX \`uq_criterion_values_code\` ON \`criterion_values\``);
    await queryRunner.query(`DROP TABLE \`criterion_values\``);
    await queryRunner.query(`DROP INDEX \`uq_criteria_institution_code\` ON \`criteria\``);
    await queryRunner.query(`DROP TABLE \`criteria\``);
    await queryRunner.query(`DROP INDEX \`idx_contacts_institution\` ON \`contacts\``);
    await queryRunner.query(`DROP INDEX \`idx_contacts_institution_email\` ON \`contacts\``);
    await queryRunner.query(`DROP INDEX \`idx_contacts_institution_last_name\` ON \`contacts\``);
    await queryRunner.query(`DROP INDEX \`idx_contacts_institution_first_name\` ON \`contacts\``);
    await queryRunner.query(`DROP TABLE \`contacts\``);
    await queryRunner.query(`DROP INDEX \`idx_ccv_value\` ON \`contact_criterion_values\``);
    await queryRunner.query(`DROP INDEX \`idx_ccv_criterion\` ON \`contact_criterion_values\``);
    await queryRunner.query(`DROP TABLE \`contact_criterion_values\``);
    await queryRunner.query(`DROP INDEX \`idx_ca_authorization\` ON \`contact_authorizations\``);
    await queryRunner.query(`DROP TABLE \`contact_authorizations\``);
    await queryRunner.query(`DROP INDEX \`uq_authorizations_institution_code\` ON \`authorizations\``);
    await queryRunner.query(`DROP TABLE \`authorizations\``);
  }
}
