import path from 'node:path';
import { z } from 'zod';

/**
 * The bot's configuration, read from the environment once at start-up.
 * This module is the only reader of `process.env`; everything else receives
 * a `Config`.
 */

const DISCORD_ATTACHMENT_HOSTS = 'cdn.discordapp.com,media.discordapp.net';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''], { error: 'must be true or false' })
  .default('false')
  .transform((value) => value === 'true' || value === '1');

const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .positive('must be above 0')
    .default(fallback);

/** A required string whose absence is reported as `is required: <hint>`. */
const required = (hint: string) => z.string({ error: `is required: ${hint}` });

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord ID (17 to 20 digits)');

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' });

/** A 32-byte AES key given as base64, as `npm run keygen` prints it. */
const aesKey = required('run `npm run keygen` to make one')
  .trim()
  .refine((value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(value), {
    message: 'must be 32 random bytes in base64 (run `npm run keygen` to make one)',
  });

const schema = z.object({
  DISCORD_TOKEN: required('the bot token from the Developer Portal (Bot > Reset Token)').trim().min(1),
  DISCORD_APPLICATION_ID: required('the application ID from the Developer Portal (General Information)').pipe(
    snowflake,
  ),
  DISCORD_DEV_GUILD_ID: snowflake.optional(),
  DISCORD_REST_URL: httpUrl.default('https://discord.com/api'),
  DISCORD_CDN_URL: httpUrl.default('https://cdn.discordapp.com'),
  DISCORD_ATTACHMENT_HOSTS: z.string().default(DISCORD_ATTACHMENT_HOSTS),

  HOST_API_URL: httpUrl.default('https://api.bitporno.com/v2'),
  HOST_UPLOAD_URL: httpUrl.default('https://upload.bitporno.com/bp/'),
  HOST_ALLOW_HTTP: booleanFlag,
  HOST_CONNECT_TIMEOUT_MS: positiveInt(10_000),
  HOST_HEADERS_TIMEOUT_MS: positiveInt(10_000),
  HOST_BODY_TIMEOUT_MS: positiveInt(60_000),
  HOST_RETRY_ATTEMPTS: z.coerce.number().int().min(0).max(10).default(2),

  CREDENTIALS_KEY: aesKey,
  CREDENTIALS_OLD_KEYS: z.string().default(''),

  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),

  UPLOAD_MAX_BYTES: positiveInt(1024 * 1024 * 1024),
  RELAY_CONCURRENCY_PER_USER: positiveInt(2),
  RELAY_CONCURRENCY_TOTAL: positiveInt(4),
  RELAY_PROGRESS_INTERVAL_MS: z.coerce.number().int().min(1000).default(3000),

  WATCH_DEADLINE_HOURS: z.coerce.number().positive().default(24),
  WATCH_POLL_MIN_SECONDS: z.coerce.number().positive().default(15),
  WATCH_POLL_MAX_SECONDS: z.coerce.number().positive().default(300),
  WATCH_CONCURRENCY: positiveInt(4),
  WATCH_REQUESTS_PER_MINUTE: positiveInt(30),
});

export interface Config {
  discord: {
    token: string;
    applicationId: string;
    devGuildId: string | undefined;
    restUrl: string;
    cdnUrl: string;
    /** Hosts an attachment may be downloaded from. A redirect to any other host is rejected. */
    attachmentHosts: string[];
  };
  host: {
    apiUrl: string;
    uploadUrl: string;
    /** Production uses https only; tests and the demo point at http on 127.0.0.1. */
    allowHttp: boolean;
    timeouts: { connectMs: number; headersMs: number; bodyMs: number };
    retryAttempts: number;
  };
  credentials: {
    /** The key new records are sealed with. */
    currentKey: Buffer;
    /** Earlier keys that still open records sealed before a rotation. */
    oldKeys: Buffer[];
  };
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  relay: {
    maxBytes: number;
    perUser: number;
    total: number;
    progressIntervalMs: number;
  };
  watch: {
    deadlineMs: number;
    pollMinMs: number;
    pollMaxMs: number;
    concurrency: number;
    requestsPerMinute: number;
  };
}

const deploySchema = schema.pick({
  DISCORD_TOKEN: true,
  DISCORD_APPLICATION_ID: true,
  DISCORD_DEV_GUILD_ID: true,
  DISCORD_REST_URL: true,
});

/** The subset `deploy-commands.ts` needs, without the credentials key or the host. */
export type DeployConfig = Pick<Config['discord'], 'token' | 'applicationId' | 'devGuildId' | 'restUrl'>;

/** Thrown when the environment is incomplete or invalid; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws a `ConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(withoutEmptyStrings(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(issue, env)));
  }

  const values = parsed.data;
  const problems = crossFieldProblems(values);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    discord: {
      token: values.DISCORD_TOKEN,
      applicationId: values.DISCORD_APPLICATION_ID,
      devGuildId: values.DISCORD_DEV_GUILD_ID,
      restUrl: values.DISCORD_REST_URL,
      cdnUrl: values.DISCORD_CDN_URL,
      attachmentHosts: splitList(values.DISCORD_ATTACHMENT_HOSTS),
    },
    host: {
      apiUrl: values.HOST_API_URL,
      uploadUrl: values.HOST_UPLOAD_URL,
      allowHttp: values.HOST_ALLOW_HTTP,
      timeouts: {
        connectMs: values.HOST_CONNECT_TIMEOUT_MS,
        headersMs: values.HOST_HEADERS_TIMEOUT_MS,
        bodyMs: values.HOST_BODY_TIMEOUT_MS,
      },
      retryAttempts: values.HOST_RETRY_ATTEMPTS,
    },
    credentials: {
      currentKey: Buffer.from(values.CREDENTIALS_KEY, 'base64'),
      oldKeys: splitList(values.CREDENTIALS_OLD_KEYS).map((key) => Buffer.from(key, 'base64')),
    },
    dataDir: path.resolve(values.DATA_DIR),
    logLevel: values.LOG_LEVEL,
    relay: {
      maxBytes: values.UPLOAD_MAX_BYTES,
      perUser: values.RELAY_CONCURRENCY_PER_USER,
      total: values.RELAY_CONCURRENCY_TOTAL,
      progressIntervalMs: values.RELAY_PROGRESS_INTERVAL_MS,
    },
    watch: {
      deadlineMs: values.WATCH_DEADLINE_HOURS * 3_600_000,
      pollMinMs: values.WATCH_POLL_MIN_SECONDS * 1000,
      pollMaxMs: values.WATCH_POLL_MAX_SECONDS * 1000,
      concurrency: values.WATCH_CONCURRENCY,
      requestsPerMinute: values.WATCH_REQUESTS_PER_MINUTE,
    },
  };
}

/** Reads only the variables that command registration needs. */
export function loadDeployConfig(env: NodeJS.ProcessEnv = process.env): DeployConfig {
  const parsed = deploySchema.safeParse(withoutEmptyStrings(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(issue, env)));
  }

  return {
    token: parsed.data.DISCORD_TOKEN,
    applicationId: parsed.data.DISCORD_APPLICATION_ID,
    devGuildId: parsed.data.DISCORD_DEV_GUILD_ID,
    restUrl: parsed.data.DISCORD_REST_URL,
  };
}

type ParsedEnv = z.infer<typeof schema>;

function crossFieldProblems(values: ParsedEnv): string[] {
  const problems: string[] = [];

  if (!values.HOST_ALLOW_HTTP) {
    for (const name of ['HOST_API_URL', 'HOST_UPLOAD_URL'] as const) {
      if (!values[name].startsWith('https:')) {
        problems.push(`${name} must use https (set HOST_ALLOW_HTTP=true only for a local test host)`);
      }
    }
  }

  const oldKeys = splitList(values.CREDENTIALS_OLD_KEYS);
  oldKeys.forEach((key, index) => {
    if (!aesKey.safeParse(key).success) {
      problems.push(`CREDENTIALS_OLD_KEYS entry ${index + 1} must be 32 bytes in base64`);
    }
  });

  if (values.WATCH_POLL_MIN_SECONDS > values.WATCH_POLL_MAX_SECONDS) {
    problems.push('WATCH_POLL_MIN_SECONDS must not exceed WATCH_POLL_MAX_SECONDS');
  }
  if (values.RELAY_CONCURRENCY_PER_USER > values.RELAY_CONCURRENCY_TOTAL) {
    problems.push('RELAY_CONCURRENCY_PER_USER must not exceed RELAY_CONCURRENCY_TOTAL');
  }

  return problems;
}

/** Variables whose values are secrets: an error names them but never repeats their value. */
const SECRET_VARIABLES = new Set(['DISCORD_TOKEN', 'CREDENTIALS_KEY', 'CREDENTIALS_OLD_KEYS']);

/** `NAME message (got "value")`, leaving the value out for secrets and for a missing variable. */
function describeIssue(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const name = issue.path.join('.');
  const given = env[name];
  if (given === undefined || given === '' || SECRET_VARIABLES.has(name)) return `${name} ${issue.message}`;
  return `${name} ${issue.message} (got "${given}")`;
}

/** Drops empty variables, because `FOO=` in .env means "use the default", not "set to empty". */
function withoutEmptyStrings(env: NodeJS.ProcessEnv): Record<string, string> {
  const entries = Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1]));
  return Object.fromEntries(entries);
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/**
 * Loads `.env` from the working directory into the environment if the file
 * exists (Node 20.12+ `process.loadEnvFile`). Variables already set win.
 */
export function loadEnvFile(file = '.env'): void {
  try {
    process.loadEnvFile(file);
  } catch (error) {
    // A missing .env is normal in production, where the environment is set directly.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
