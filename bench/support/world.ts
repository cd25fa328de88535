import { commandDefinitions } from '../../commands/definitions/index.js';
import { registerCommands } from '../../src/discord/register-commands.js';
import type { FakeAttachment } from '../../test/fakes/discord/attachment.js';
import { FakeDiscord } from '../../test/fakes/discord/fake-discord.js';
import type { InteractionHandle, InteractionResponse } from '../../test/fakes/discord/interaction-handle.js';
import type { FakeDiscordOptions } from '../../test/fakes/discord/options.js';
import { type FakeAccount, FakeHost, type FakeHostOptions } from '../../test/fakes/host/fake-host.js';

/** A throwaway credentials key: every benchmark's database is deleted when it ends. */
const BENCH_CREDENTIALS_KEY = Buffer.alloc(32, 11).toString('base64');

export interface BenchUser {
  id: string;
  account: FakeAccount;
}

/** Times of one relay, epoch milliseconds as the fake Discord recorded them. */
export interface RelayTiming {
  /** When the fake dispatched the interaction on the gateway. */
  dispatchedAt: number;
  /** When the fake received the deferral. */
  deferredAt: number;
  /** When the fake received the edit with the new file's ID. */
  doneAt: number;
  text: string;
}

/**
 * The fake Discord and the fake video host on 127.0.0.1, with one guild, one age-restricted
 * channel and `users` members who each have a host account. The bot runs in its own process
 * with `environment()` as its configuration.
 */
export class BenchWorld {
  readonly guildId: string;
  readonly channelId: string;
  readonly users: BenchUser[];

  private constructor(
    readonly discord: FakeDiscord,
    readonly host: FakeHost,
    userCount: number,
  ) {
    const owner = discord.createUser({ username: 'owner' });
    this.guildId = discord.createGuild({ name: 'Benchmark server', ownerId: owner.id }).id;
    this.channelId = discord.createChannel(this.guildId, { name: 'videos', nsfw: true }).id;
    this.users = Array.from({ length: userCount }, (_, index) => {
      const user = discord.createUser({ username: `member${index}` });
      discord.addMember(this.guildId, user.id);
      return { id: user.id, account: host.addAccount({ email: `member${index}@example.org` }) };
    });
  }

  static async start(
    options: { users: number; host?: FakeHostOptions; discord?: FakeDiscordOptions } = { users: 1 },
  ): Promise<BenchWorld> {
    const [discord, host] = await Promise.all([
      FakeDiscord.start(options.discord),
      FakeHost.start(options.host),
    ]);
    const world = new BenchWorld(discord, host, options.users);
    await registerCommands(
      {
        token: discord.token,
        applicationId: discord.applicationId,
        devGuildId: world.guildId,
        restUrl: discord.restUrl,
      },
      commandDefinitions,
    );
    return world;
  }

  /** The bot's configuration pointed at the fakes; production defaults for everything else. */
  environment(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      DISCORD_TOKEN: this.discord.token,
      DISCORD_APPLICATION_ID: this.discord.applicationId,
      DISCORD_REST_URL: this.discord.restUrl,
      DISCORD_CDN_URL: this.discord.cdnUrl,
      DISCORD_ATTACHMENT_HOSTS: '127.0.0.1',
      HOST_API_URL: this.host.apiUrl,
      HOST_UPLOAD_URL: this.host.uploadUrl,
      HOST_ALLOW_HTTP: 'true',
      CREDENTIALS_KEY: BENCH_CREDENTIALS_KEY,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...extra,
    };
  }

  /** Links every user's host account through `/login` and its modal, as a member does. */
  async linkAll(): Promise<void> {
    await Promise.all(this.users.map((user) => this.link(user)));
  }

  async link(user: BenchUser): Promise<void> {
    const command = this.discord.slashCommand({ userId: user.id, channelId: this.channelId, name: 'login' });
    await command.callback(10_000);

    const submit = this.discord.modalSubmit({
      userId: user.id,
      channelId: this.channelId,
      customId: 'login',
      fields: { login: user.account.login, key: user.account.key },
    });
    const reply = await submit.waitFor((response) => response.kind === 'original-edit', 10_000);
    if (!JSON.stringify(reply.data).includes('is linked')) {
      throw new Error(`Linking ${user.account.login} failed: ${JSON.stringify(reply.data)}`);
    }
  }

  /** A generated attachment of `bytes` bytes, streamed by the fake CDN without holding it in memory. */
  attachment(bytes: number, name = 'clip.mp4'): FakeAttachment {
    return this.discord.createAttachment({ filename: name, generatedSize: bytes });
  }

  /** Sends `/upload` with `attachment` as `user`. */
  dispatchUpload(user: BenchUser, attachment: FakeAttachment): InteractionHandle {
    return this.discord.slashCommand({
      userId: user.id,
      channelId: this.channelId,
      name: 'upload',
      attachments: { file: attachment },
    });
  }

  /** Sends `/upload` and waits until the bot shows the new file, or throws with the bot's message. */
  async relay(user: BenchUser, attachment: FakeAttachment, timeoutMs: number): Promise<RelayTiming> {
    return relayOutcome(this.dispatchUpload(user, attachment), timeoutMs);
  }

  async close(): Promise<void> {
    await Promise.all([this.discord.close(), this.host.close()]);
  }
}

/** Waits for a dispatched `/upload` to end; throws unless it ended with the new file's ID. */
export async function relayOutcome(handle: InteractionHandle, timeoutMs: number): Promise<RelayTiming> {
  const deferral = await handle.callback(10_000);
  const final = await handle.waitFor(isFinalRelayMessage, timeoutMs);
  const text = String(final.data.content);

  if (!text.includes('to the host as file')) throw new Error(`The relay did not succeed: ${text}`);
  return { dispatchedAt: handle.createdAt, deferredAt: deferral.at, doneAt: final.at, text };
}

function isFinalRelayMessage(response: InteractionResponse): boolean {
  const text = String(response.data.content ?? '');
  return text.includes('to the host as file') || /^(Could not relay|Cancelled)/.test(text);
}
