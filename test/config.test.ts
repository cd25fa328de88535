import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDeployConfig } from '../src/config.js';

const VALID_KEY = Buffer.alloc(32, 7).toString('base64');

const minimal = {
  DISCORD_TOKEN: 'token-value',
  DISCORD_APPLICATION_ID: '100000000000000001',
  CREDENTIALS_KEY: VALID_KEY,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies safe defaults to a minimal environment', () => {
    const config = loadConfig(minimal);

    expect(config.discord.restUrl).toBe('https://discord.com/api');
    expect(config.discord.attachmentHosts).toEqual(['cdn.discordapp.com', 'media.discordapp.net']);
    expect(config.host.apiUrl).toBe('https://api.bitporno.com/v2');
    expect(config.host.uploadUrl).toBe('https://upload.bitporno.com/bp/');
    expect(config.host.allowHttp).toBe(false);
    expect(config.credentials.currentKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.relay.progressIntervalMs).toBe(3000);
    expect(config.watch.deadlineMs).toBe(24 * 3_600_000);
    expect(config.logLevel).toBe('info');
  });

  it('lists every missing variable in one error', () => {
    const problems = problemsOf({});

    expect(problems).toHaveLength(3);
    expect(problems.some((problem) => problem.startsWith('DISCORD_TOKEN'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('DISCORD_APPLICATION_ID'))).toBe(true);
    expect(problems.some((problem) => problem.includes('npm run keygen'))).toBe(true);
  });

  it('rejects a credentials key of the wrong length', () => {
    const problems = problemsOf({ ...minimal, CREDENTIALS_KEY: Buffer.alloc(16).toString('base64') });

    expect(problems).toEqual([
      'CREDENTIALS_KEY must be 32 random bytes in base64 (run `npm run keygen` to make one)',
    ]);
  });

  it('rejects http host URLs unless allowed', () => {
    const env = {
      ...minimal,
      HOST_API_URL: 'http://127.0.0.1:9/v2',
      HOST_UPLOAD_URL: 'http://127.0.0.1:9/bp/',
    };

    expect(problemsOf(env)).toEqual([
      'HOST_API_URL must use https (set HOST_ALLOW_HTTP=true only for a local test host)',
      'HOST_UPLOAD_URL must use https (set HOST_ALLOW_HTTP=true only for a local test host)',
    ]);
    expect(loadConfig({ ...env, HOST_ALLOW_HTTP: 'true' }).host.apiUrl).toBe('http://127.0.0.1:9/v2');
  });

  it('repeats a bad value but never a secret', () => {
    const problems = problemsOf({ ...minimal, UPLOAD_MAX_BYTES: '1GB', CREDENTIALS_KEY: 'not-a-key-secret' });

    expect(problems).toContain('UPLOAD_MAX_BYTES must be a whole number (got "1GB")');
    expect(problems).toContain(
      'CREDENTIALS_KEY must be 32 random bytes in base64 (run `npm run keygen` to make one)',
    );
    expect(problems.join('\n')).not.toContain('not-a-key-secret');
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ ...minimal, DISCORD_DEV_GUILD_ID: '', LOG_LEVEL: '' });

    expect(config.discord.devGuildId).toBeUndefined();
    expect(config.logLevel).toBe('info');
  });

  it('reports invalid numbers and bad old keys together', () => {
    const problems = problemsOf({ ...minimal, UPLOAD_MAX_BYTES: '-5', LOG_LEVEL: 'loud' });

    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^LOG_LEVEL /);
    expect(problems[1]).toMatch(/^UPLOAD_MAX_BYTES /);
    expect(problemsOf({ ...minimal, CREDENTIALS_OLD_KEYS: `${VALID_KEY},short` })).toEqual([
      'CREDENTIALS_OLD_KEYS entry 2 must be 32 bytes in base64',
    ]);
  });
});

describe('loadDeployConfig', () => {
  it('needs no credentials key', () => {
    const config = loadDeployConfig({
      DISCORD_TOKEN: 'token-value',
      DISCORD_APPLICATION_ID: '100000000000000001',
      DISCORD_DEV_GUILD_ID: '100000000000000002',
    });

    expect(config).toEqual({
      token: 'token-value',
      applicationId: '100000000000000001',
      devGuildId: '100000000000000002',
      restUrl: 'https://discord.com/api',
    });
  });
});
