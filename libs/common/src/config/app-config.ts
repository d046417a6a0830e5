import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import type { AppRole } from '../roles/app-role';
import { APP_ROLES } from '../roles/app-role';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const MB = 1024 * 1024;

export const DEV_ADMIN_API_KEY = 'dev-admin-key-change-me';
export const DEV_SIGNING_SECRET = 'dev-signing-secret-change-me';

/**
 * Every setting of every app, read once from the environment at start (.env.example lists them).
 * Defaults work on a developer machine with local MySQL/MariaDB, Redis and no SMTP.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Matches(/^mysql:\/\/[^/]+\/[A-Za-z0-9_]+$/, {
    message: 'DATABASE_URL must look like mysql://user:password@host:3306/database',
  })
  DATABASE_URL = 'mysql://root@127.0.0.1:3306/contact_mass_update';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Key prefix of every Bull queue; lets several environments share one Redis. */
  @Matches(/^[A-Za-z0-9_:-]+$/, { message: 'QUEUE_PREFIX may only hold letters, digits, _ : and -' })
  QUEUE_PREFIX = 'cmu';

  /** smtp://user:pass@host:port; unset means mail is written as .eml files under mail/ in the file store. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must look like smtp://user:password@host:587' })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Contact mass update <no-reply@localhost>';

  /**
   * Where the files live (uploads, template zips, reports, mail files): `file://DIR` (relative to the working
   * directory) or `s3://BUCKET/PREFIX`. Unset: the directory FILES_DIR, the old spelling of `file://`.
   */
  @IsOptional()
  @Matches(/^(file:\/\/.+|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?)$/, {
    message: 'STORAGE_URL must look like file://./var/files or s3://BUCKET/PREFIX (file and s3 are the drivers)',
  })
  STORAGE_URL?: string;

  @IsString()
  FILES_DIR = './var/files';

  /** The s3 driver: the server (unset: AWS S3), its region, credentials (unset: AWS's usual chain), path-style URLs. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'S3_ENDPOINT must be an absolute URL' })
  S3_ENDPOINT?: string;

  @IsString() S3_REGION = 'us-east-1';
  @IsOptional() @IsString() S3_ACCESS_KEY_ID?: string;
  @IsOptional() @IsString() S3_SECRET_ACCESS_KEY?: string;
  /** `true` for MinIO and most S3-compatible servers (bucket in the path, not in the host name). */
  @IsIn(['true', 'false']) S3_FORCE_PATH_STYLE: 'true' | 'false' = 'false';
  /** Above it a file goes up as a multipart upload in parts of this size, two in flight (the memory it takes). */
  @Transform(toInt) @IsInt() @Min(5 * MB) S3_PART_SIZE_BYTES = 8 * MB;
  /** `true`: downloads answer 302 to a presigned URL of the bucket instead of streaming the file through the app. */
  @IsIn(['true', 'false']) S3_PRESIGNED_DOWNLOADS: 'true' | 'false' = 'false';

  /**
   * Local directory for work in progress only (a workbook's sheet waiting to be read); each process works in a
   * subdirectory, deleted on the next start when the process died. Unset: the OS temp directory.
   */
  @IsOptional() @IsString() SCRATCH_DIR?: string;

  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY = DEV_ADMIN_API_KEY;

  /** HMAC secret of the signed download links sent by e-mail. */
  @IsString()
  @MinLength(16, { message: 'SIGNING_SECRET must be at least 16 characters' })
  SIGNING_SECRET = DEV_SIGNING_SECRET;

  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'PUBLIC_URL_TEMPLATE_EXPORT must be an absolute URL' },
  )
  PUBLIC_URL_TEMPLATE_EXPORT = 'http://localhost:3002';

  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'PUBLIC_URL_IMPORT must be an absolute URL' })
  PUBLIC_URL_IMPORT = 'http://localhost:3003';

  /** Where the operators' Swagger UI (the targets app's /docs) finds the notifications app. */
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'PUBLIC_URL_NOTIFICATIONS must be an absolute URL' },
  )
  PUBLIC_URL_NOTIFICATIONS = 'http://localhost:3004';
  /**
   * What a process of the import, template-export or notifications app runs: `api` serves HTTP and queues jobs,
   * `worker` runs the queue processors and schedulers (and answers only /health), `all` both (one machine).
   */
  @IsIn(APP_ROLES, { message: `APP_ROLE must be one of ${APP_ROLES.join(', ')}` })
  APP_ROLE: AppRole = 'all';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535) TARGETS_PORT = 3001;
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) TEMPLATE_EXPORT_PORT = 3002;
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) IMPORT_PORT = 3003;
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) NOTIFICATIONS_PORT = 3004;

  @Transform(toInt) @IsInt() @Min(1024) MAX_UPLOAD_BYTES = 200 * MB;
  /** Limits on a zipped upload's entry, against zip bombs. */
  @Transform(toInt) @IsInt() @Min(1024) MAX_UNZIPPED_BYTES = 1024 * MB;
  @Transform(toInt) @IsInt() @Min(2) MAX_ZIP_RATIO = 200;
  @Transform(toInt) @IsInt() @Min(1024) MAX_LINE_BYTES = 1 * MB;
  /**
   * An .xlsx upload: most cells its sheet may hold (empty ones too: a CSV of MAX_UPLOAD_BYTES holds about as many), and
   * most distinct texts its shared strings table may hold and the memory they may take (kept while the rows are read:
   * each counted as 24 bytes plus 2 a character, within the import worker's heap).
   */
  @Transform(toInt) @IsInt() @Min(1) MAX_XLSX_CELLS = 50_000_000;
  @Transform(toInt) @IsInt() @Min(1) MAX_XLSX_SHARED_STRINGS = 1_000_000;
  @Transform(toInt) @IsInt() @Min(1024) MAX_XLSX_SHARED_STRING_BYTES = 32 * MB;
  @Transform(toInt) @IsInt() @Min(0) MAIL_ATTACHMENT_MAX_BYTES = 10 * MB;
  @Transform(toInt) @IsInt() @Min(60) DOWNLOAD_LINK_TTL_SECONDS = 7 * 24 * 3600;
  @Transform(toInt) @IsInt() @Min(1) FILE_RETENTION_DAYS = 7;
  /** Deflate level of the template zips: 1 is fastest, 9 smallest. */
  @Transform(toInt) @IsInt() @Min(0) @Max(9) EXPORT_ZIP_LEVEL = 6;
  /** Contacts per batch when reading or writing values during an import. */
  @Transform(toInt) @IsInt() @Min(1) @Max(20000) IMPORT_BATCH_SIZE = 2000;
  /**
   * CSV uploads from this size on are parsed on a thread of their own, beside the checks; below, starting it costs more
   * than it saves.
   */
  @Transform(toInt) @IsInt() @Min(0) IMPORT_PARSE_THREAD_MIN_BYTES = 4 * MB;

  /**
   * Bull lock of a running job: a worker that dies (SIGKILL, OOM) stops renewing it, and the job is handed
   * back after at most lockDuration + stalledInterval, then resumed after its last committed batch.
   */
  @Transform(toInt) @IsInt() @Min(1000) QUEUE_LOCK_DURATION_MS = 60_000;
  @Transform(toInt) @IsInt() @Min(500) QUEUE_STALLED_INTERVAL_MS = 30_000;
  /**
   * How many times a job may be handed back before it fails (every worker crash counts one): the last bound, for a job
   * that moves between crashes; two crashes at the same point already fail it (libs/queues crash-guard.ts).
   */
  @Transform(toInt) @IsInt() @Min(1) QUEUE_MAX_STALLED_COUNT = 20;
  /**
   * Per-tenant fairness: at most this many imports (and as many exports) of one institution are queued or running at
   * once; its others wait in order while other institutions' jobs run (TenantLanes).
   */
  @Transform(toInt) @IsInt() @Min(1) MAX_RUNNING_JOBS_PER_TENANT = 2;
  /** Jobs one import or template-export process runs at once (each import holds its batches in the 128 MB heap). */
  @Transform(toInt) @IsInt() @Min(1) @Max(32) IMPORT_CONCURRENCY = 2;
  @Transform(toInt) @IsInt() @Min(1) @Max(32) EXPORT_CONCURRENCY = 1;

  /**
   * Look for queued/running imports and exports whose Bull job Redis lost, at start-up and every minute (off in the e2e
   * tests, which share one database).
   */
  /**
   * On SIGTERM or Ctrl-C, how long a worker waits for its running jobs before it exits anyway (the job then resumes
   * after its last committed batch). Below Docker's 10 s stop timeout, so the app stops before it is killed.
   */
  @Transform(toInt) @IsInt() @Min(0) SHUTDOWN_GRACE_MS = 8000;

  @IsIn(['on', 'off']) LOST_JOB_SWEEP: 'on' | 'off' = 'on';

  /** Delivery attempts of an e-mail, and the first retry delay (doubled at each attempt). */
  @Transform(toInt) @IsInt() @Min(1) NOTIFICATION_ATTEMPTS = 8;
  @Transform(toInt) @IsInt() @Min(10) NOTIFICATION_RETRY_DELAY_MS = 5000;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /**
   * `pretty`: coloured one-line logs for a terminal; `json`: one JSON object a line, for a log collector.
   * `auto`: pretty in development when the output is a terminal (directly or through `npm start`), JSON otherwise.
   */
  @IsIn(['auto', 'pretty', 'json'])
  LOG_FORMAT: 'auto' | 'pretty' | 'json' = 'auto';
}

export class ConfigError extends Error {}

/** The settings without a default (absent from `new AppConfig()`'s keys). */
const OPTIONAL_SETTINGS = [
  'SMTP_URL',
  'STORAGE_URL',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'SCRATCH_DIR',
];

/** The settings that hold a secret: a weak value lets anyone forge admin calls or signed links. */
export const SECRET_SETTINGS = ['ADMIN_API_KEY', 'SIGNING_SECRET'] as const;
export const MIN_PRODUCTION_SECRET_LENGTH = 32;
/** Words of placeholder values (the development and compose defaults, examples): refused in production. */
const PLACEHOLDER_WORDS = ['change-me', 'changeme', 'secret', 'example'];

/** Production check: each secret is long and no placeholder; returns one problem per weak secret. */
export function weakSecrets(config: Pick<AppConfig, (typeof SECRET_SETTINGS)[number]>): string[] {
  const fix = 'generate one with `openssl rand -base64 48`';
  return SECRET_SETTINGS.flatMap((name) => {
    const value = config[name] ?? '';
    if (value.length < MIN_PRODUCTION_SECRET_LENGTH)
      return [`${name}: must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters in production; ${fix}`];
    const word = PLACEHOLDER_WORDS.find((placeholder) => value.toLowerCase().includes(placeholder));
    if (word) return [`${name}: contains "${word}", a placeholder, refused in production; ${fix}`];
    return [];
  });
}

/**
 * Reads `.env` in the working directory, if there is one, into process.env; a variable already set in the environment
 * wins over the file. Called by the entry points (main.ts through runApp, the scripts), not by loadConfig, so that the
 * tests never read a developer's .env.
 */
export function loadEnvFile(path = '.env', env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(path)) return;
  let parsed: Record<string, string>;
  try {
    // Node's own parser, the one of `node --env-file` (quotes, comments, `export`), which needs the file to exist.
    parsed = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch (error) {
    throw new ConfigError(`Could not read ${path}: ${(error as Error).message}`);
  }
  for (const [name, value] of Object.entries(parsed)) env[name] ??= value;
}

/** The links the e-mails carry start with these: left at their localhost defaults, a recipient cannot follow them. */
export const PUBLIC_URL_SETTINGS = ['PUBLIC_URL_TEMPLATE_EXPORT', 'PUBLIC_URL_IMPORT'] as const;

/** The public URLs not set in `env`: worth a warning at start outside development. */
export function unsetPublicUrls(env: NodeJS.ProcessEnv = process.env): string[] {
  return PUBLIC_URL_SETTINGS.filter((name) => !env[name]);
}

/** Validates the environment; throws a ConfigError naming each bad variable and the fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked: Record<string, string> = {};
  for (const key of [...known, ...OPTIONAL_SETTINGS]) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const problems = validateSync(config, { forbidUnknownValues: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) =>
        `${error.property}: ${message} (got ${
          (SECRET_SETTINGS as readonly string[]).includes(error.property)
            ? 'a hidden value'
            : JSON.stringify(error.value)
        })`,
    ),
  );
  if (config.NODE_ENV === 'production') problems.push(...weakSecrets(config));
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
