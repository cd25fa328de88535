import { type Config, loadConfig } from '../../src/config.js';
import { commandDefinitions } from '../../commands/definitions/index.js';
import { type RunningBot, type StartOptions, startBot } from '../../src/bot.js';
import { registerCommands } from '../../src/discord/register-commands.js';
import { createLogger } from '../../src/logger.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { FakeDiscordOptions } from '../fakes/discord/options.js';
import { type FakeAccount, FakeHost, type FakeHostOptions } from '../fakes/host/fake-host.js';
import { LogCapture } from './log-capture.js';
import { makeTempDir } from './temp-dir.js';

export const TEST_CREDENTIALS_KEY = Buffer.alloc(32, 42).toString('base64');

export interface HarnessOptions {
  host?: FakeHostOptions;
  discord?: FakeDiscordOptions;
  /** Extra environment variables for the bot's configuration. */
  env?: Record<string, string>;
  start?: StartOptions;
}

/**
 * The real bot (`startBot`, as `src/index.ts` wires it) against the fake
 * Discord and the fake host, with a SQLite file in a temporary directory and
 * its log captured. One guild with an age-restricted and a plain channel,
 * and two members.
 */
export class BotHarness {
  bot!: RunningBot;
  config!: Config;
  readonly logs = new LogCapture();
  readonly guildId: string;
  readonly adultChannelId: string;
  readonly plainChannelId: string;
  readonly alice: string;
  readonly bob: string;

  private constructor(
    readonly discord: FakeDiscord,
    readonly host: FakeHost,
    readonly dataDir: string,
    private readonly removeDataDir: () => Promise<void>,
    private readonly env: Record<string, string>,
    private readonly startOptions: StartOptions,
  ) {
    this.alice = discord.createUser({ username: 'alice' }).id;
    this.bob = discord.createUser({ username: 'bob' }).id;
    this.guildId = discord.createGuild({ name: 'Test server', ownerId: this.alice }).id;
    discord.addMember(this.guildId, this.alice);
    discord.addMember(this.guildId, this.bob);
    this.adultChannelId = discord.createChannel(this.guildId, { name: 'adult', nsfw: true }).id;
    this.plainChannelId = discord.createChannel(this.guildId, { name: 'general', nsfw: false }).id;
  }

  static async start(options: HarnessOptions = {}): Promise<BotHarness> {
    const [discord, host, temp] = await Promise.all([
      FakeDiscord.start(options.discord),
      FakeHost.start(options.host),
      makeTempDir('bot-harness'),
    ]);
    const harness = new BotHarness(
      discord,
      host,
      temp.dir,
      temp.remove,
      options.env ?? {},
      options.start ?? {},
    );
    await registerCommands(
      {
        token: discord.token,
        applicationId: discord.applicationId,
        devGuildId: harness.guildId,
        restUrl: discord.restUrl,
      },
      commandDefinitions,
    );
    await harness.startBot();
    return harness;
  }

  /** The bot's configuration pointed at the fakes, as an environment. */
  environment(): Record<string, string> {
    return {
      DISCORD_TOKEN: this.discord.token,
      DISCORD_APPLICATION_ID: this.discord.applicationId,
      DISCORD_REST_URL: this.discord.restUrl,
      DISCORD_CDN_URL: this.discord.cdnUrl,
      DISCORD_ATTACHMENT_HOSTS: '127.0.0.1',
      HOST_API_URL: this.host.apiUrl,
      HOST_UPLOAD_URL: this.host.uploadUrl,
      HOST_ALLOW_HTTP: 'true',
      HOST_CONNECT_TIMEOUT_MS: '2000',
      HOST_HEADERS_TIMEOUT_MS: '3000',
      HOST_BODY_TIMEOUT_MS: '3000',
      CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'debug',
      ...this.env,
    };
  }

  async startBot(extraEnv: Record<string, string> = {}): Promise<void> {
    this.config = loadConfig({ ...this.environment(), ...extraEnv });
    this.bot = await startBot(this.config, createLogger(this.config.logLevel, this.logs), this.startOptions);
  }

  async restart(extraEnv: Record<string, string> = {}): Promise<void> {
    await this.bot.stop();
    await this.startBot(extraEnv);
  }

  /** Links `account` for `userId` the way a member does: /login, then the modal. */
  async linkAccount(userId: string, account: Pick<FakeAccount, 'login' | 'key'>): Promise<void> {
    const command = this.discord.slashCommand({ userId, channelId: this.plainChannelId, name: 'login' });
    await command.callback();

    const submit = this.discord.modalSubmit({
      userId,
      channelId: this.plainChannelId,
      customId: 'login',
      fields: { login: account.login, key: account.key },
    });
    const reply = await submit.waitFor((response) => response.kind === 'original-edit');
    if (!JSON.stringify(reply.data).includes('is linked')) {
      throw new Error(`linking failed: ${JSON.stringify(reply.data)}`);
    }
  }

  async close(): Promise<void> {
    await this.bot.stop().catch(() => undefined);
    await Promise.all([this.discord.close(), this.host.close()]);
    await this.removeDataDir();
  }
}
