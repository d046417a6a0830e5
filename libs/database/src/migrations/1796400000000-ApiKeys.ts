import type { MigrationInterface, QueryRunner } from 'typeorm';

// An institution may hold several API keys (create a second, revoke the first): the key moves from its row to
// api_keys, the existing key kept as the institution's first one, so it keeps working.
export class ApiKeys1796400000000 implements MigrationInterface {
  name = 'ApiKeys1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`api_keys\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`institution_id\` int UNSIGNED NOT NULL, \`name\` varchar(100) NOT NULL, \`key_hash\` char(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`last_used_at\` datetime(3) NULL, UNIQUE INDEX \`uq_api_keys_key_hash\` (\`key_hash\`), INDEX \`idx_api_keys_institution\` (\`institution_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await queryRunner.query(
      `INSERT INTO \`api_keys\` (\`institution_id\`, \`name\`, \`key_hash\`, \`created_at\`) SELECT \`id\`, 'first key', \`api_key_hash\`, \`created_at\` FROM \`institutions\` ORDER BY \`id\``,
    );
    await queryRunner.query(`DROP INDEX \`IDX_1a185a11fc228cebab8d4049cf\` ON \`institutions\``);
    await queryRunner.query(`ALTER TABLE \`institutions\` DROP COLUMN \`api_key_hash\``);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Back to one key per institution: its oldest remaining key (an institution whose keys were all revoked gets a
    // digest nobody holds).
    await queryRunner.query(`ALTER TABLE \`institutions\` ADD \`api_key_hash\` char(64) NULL`);
    await queryRunner.query(
      `UPDATE \`institutions\` i SET \`api_key_hash\` = COALESCE((SELECT k.\`key_hash\` FROM \`api_keys\` k WHERE k.\`institution_id\` = i.\`id\` ORDER BY k.\`id\` LIMIT 1), SHA2(CONCAT('revoked:', i.\`id\`, ':', RAND()), 256))`,
    );
    await queryRunner.query(`ALTER TABLE \`institutions\` MODIFY \`api_key_hash\` char(64) NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX \`IDX_1a185a11fc228cebab8d4049cf\` ON \`institutions\` (\`api_key_hash\`)`,
    );
    await queryRunner.query(`DROP TABLE \`api_keys\``);
  }
}
