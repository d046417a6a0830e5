import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  DEV_ADMIN_API_KEY,
  DEV_SIGNING_SECRET,
  loadConfig,
  loadEnvFile,
  unsetPublicUrls,
} from './app-config';

/** Two values as `openssl rand -base64 48` prints them. */
const STRONG_KEY = 'q3Vt7Yd0mJ1xR8pLk2Wc9sNf4Hb6Gz5Ea0Tu1Io3Py7Qw2Ev8Rn4Mx6Kj9Lh5Dg';
const STRONG_SIGNING = 'Zr8Xn3Bv6Cm1Lk4Jh7Gf2Ds5Ap9Qo0Wi3Eu6Ry8Tt1Yy4Uu7Ii0Oo2Pp5Aa9Ss';

const production = (env: NodeJS.ProcessEnv) =>
  loadConfig({ NODE_ENV: 'production', ADMIN_API_KEY: STRONG_KEY, SIGNING_SECRET: STRONG_SIGNING, ...env });
const message = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig: production secrets', () => {
  it('accepts long random secrets', () => {
    expect(production({}).ADMIN_API_KEY).toBe(STRONG_KEY);
  });

  it('keeps the development defaults outside production', () => {
    expect(loadConfig({}).ADMIN_API_KEY).toBe(DEV_ADMIN_API_KEY);
    expect(loadConfig({ NODE_ENV: 'test' }).SIGNING_SECRET).toBe(DEV_SIGNING_SECRET);
  });

  it('refuses the development and compose defaults', () => {
    const text = message(() => loadConfig({ NODE_ENV: 'production' }));
    expect(text).toMatch(/ADMIN_API_KEY: .*openssl rand -base64 48/);
    expect(text).toMatch(/SIGNING_SECRET: .*openssl rand -base64 48/);
    expect(message(() => production({ ADMIN_API_KEY: 'compose-admin-key-change-me' }))).toMatch(/ADMIN_API_KEY/);
    expect(message(() => production({ SIGNING_SECRET: 'compose-signing-secret-change-me' }))).toMatch(/SIGNING_SECRET/);
  });

  it('refuses a secret shorter than 32 characters, naming it', () => {
    const text = message(() => production({ SIGNING_SECRET: 'a'.repeat(31) }));
    expect(text).toContain('SIGNING_SECRET: must be at least 32 characters');
    expect(text).not.toContain('ADMIN_API_KEY');
    expect(production({ SIGNING_SECRET: 'a'.repeat(32) }).SIGNING_SECRET).toHaveLength(32);
  });

  it.each(['change-me', 'CHANGEME', 'Secret', 'eXample'])('refuses a long secret containing %s', (word) => {
    const text = message(() => production({ ADMIN_API_KEY: `${STRONG_KEY}${word}` }));
    expect(text).toContain(`ADMIN_API_KEY: contains "${word.toLowerCase()}"`);
    expect(text).toContain('openssl rand -base64 48');
  });

  it('never prints a secret it refuses', () => {
    const weak = 'short-and-weak-value';
    expect(message(() => production({ ADMIN_API_KEY: weak }))).not.toContain(weak);
    expect(message(() => production({ SIGNING_SECRET: 'tiny' }))).not.toContain('tiny');
  });
});

describe('.env', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('is read when present, the environment winning over the file, and skipped when absent', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cmu-env-')), '.env');
    writeFileSync(file, '# a copy of .env.example, edited\nIMPORT_PORT=3103\nLOG_LEVEL=debug\n');
    process.env.LOG_LEVEL = 'warn';
    delete process.env.IMPORT_PORT;
    loadEnvFile(file);
    expect(loadConfig()).toMatchObject({ IMPORT_PORT: 3103, LOG_LEVEL: 'warn' });
    expect(() => loadEnvFile(join(tmpdir(), 'no-such-dir', '.env'))).not.toThrow();
  });

  it('names the public URLs left unset', () => {
    expect(unsetPublicUrls({ PUBLIC_URL_IMPORT: 'https://imports.example.org' })).toEqual([
      'PUBLIC_URL_TEMPLATE_EXPORT',
    ]);
    expect(unsetPublicUrls({ PUBLIC_URL_IMPORT: 'https://a', PUBLIC_URL_TEMPLATE_EXPORT: 'https://b' })).toEqual([]);
  });
});
