/**
 * `npm run demo`: the bot's main job end to end, on this machine only.
 *
 * It starts the fake video host and the fake Discord on 127.0.0.1, then the
 * real bot in its own process with the entry point of `npm start`. Then it
 * plays what a member does: link an account through the modal, upload the
 * MP4 fixture as an attachment, follow the progress, and receive the
 * encoding notice with its thumbnail. It prints the conversation, writes an
 * HTML transcript, and exits 0, or 1 with the step that failed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandDefinitions } from '../commands/definitions/index.js';
import { registerCommands } from '../src/discord/register-commands.js';
import { FakeDiscord } from '../test/fakes/discord/fake-discord.js';
import { FakeHost } from '../test/fakes/host/fake-host.js';
import { startBotProcess, type BotProcess } from './demo/bot-process.js';
import { followChannel, followInteraction } from './demo/observe.js';
import { Transcript } from './demo/transcript.js';
import { transcriptHtml } from './demo/transcript-html.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURE = path.join(ROOT, 'test/fixtures/testsrc-640x360.mp4');
/** Folder of the transcript and the bot's log. The demo's own test sets another one. */
const OUTPUT_DIR = process.env.DEMO_OUTPUT_DIR ?? path.join(ROOT, 'demo-output');
/** The demo must end within a minute; each step has its own share. */
const TOTAL_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  const transcript = new Transcript(Date.now());
  const logLines: string[] = [];
  const dataDir = await mkdtemp(path.join(tmpdir(), 'demo-bot-'));
  const host = await FakeHost.start({ encodingDurationMs: 1500 });
  const discord = await FakeDiscord.start();
  let bot: BotProcess | undefined;
  let step = 'setting up the fakes';

  const overall = setTimeout(() => {
    fail(`the demo took longer than ${TOTAL_TIMEOUT_MS / 1000} s (at step: ${step})`, logLines);
  }, TOTAL_TIMEOUT_MS);

  try {
    const alice = discord.createUser({ username: 'alice' });
    transcript.names.set(alice.id, 'alice');
    const guild = discord.createGuild({ name: 'Demo server', ownerId: alice.id });
    discord.addMember(guild.id, alice.id);
    const channel = discord.createChannel(guild.id, { name: 'uploads', nsfw: true });
    const account = host.addAccount({ email: 'alice@example.org' });
    const botName = discord.botUser.username;
    console.log(
      `Fake Discord on ${discord.origin}, fake host on ${host.origin}; #uploads is age-restricted.\n`,
    );

    step = 'registering the commands';
    await registerCommands(
      {
        token: discord.token,
        applicationId: discord.applicationId,
        devGuildId: guild.id,
        restUrl: discord.restUrl,
      },
      commandDefinitions,
    );

    step = 'starting the bot';
    bot = startBotProcess(botEnvironment(discord, host, dataDir), (line) => logLines.push(line));
    await waitForLog(logLines, 'bot ready', 20_000, bot);
    transcript.add({ author: botName, bot: true, action: 'is online', text: '' });

    step = 'linking the account with /login';
    transcript.add({ author: 'alice', bot: false, action: 'used /login', text: '' });
    const login = discord.slashCommand({ userId: alice.id, channelId: channel.id, name: 'login' });
    await followInteraction(transcript, botName, login, (response) => response.type === 9, 5000);

    transcript.add({
      author: 'alice',
      bot: false,
      action: 'filled in the form',
      text: `API login: ${'•'.repeat(account.login.length)}\nAPI key: ${'•'.repeat(account.key.length)}`,
    });
    const submit = discord.modalSubmit({
      userId: alice.id,
      channelId: channel.id,
      customId: 'login',
      fields: { login: account.login, key: account.key },
    });
    await followInteraction(
      transcript,
      botName,
      submit,
      (response) => response.kind === 'original-edit',
      10_000,
    );

    step = 'uploading the video with /upload';
    const attachment = discord.createAttachment({ filename: 'testsrc-640x360.mp4', path: FIXTURE });
    transcript.add({
      author: 'alice',
      bot: false,
      action: 'used /upload',
      text: `file: ${attachment.filename}`,
    });
    const upload = discord.slashCommand({
      userId: alice.id,
      channelId: channel.id,
      name: 'upload',
      attachments: { file: attachment },
    });
    await followInteraction(
      transcript,
      botName,
      upload,
      (response) => /^(Uploaded|Could not relay)/.test(String(response.data.content)),
      20_000,
    );
    if (host.uploads().length !== 1) throw new Error('the host received no upload');

    step = 'waiting for the encoding notice';
    await followChannel(
      transcript,
      discord,
      channel.id,
      (message) => message.author.bot === true && message.embeds.length > 0,
      30_000,
    );

    step = 'writing the transcript';
    await mkdir(OUTPUT_DIR, { recursive: true });
    const htmlFile = path.join(OUTPUT_DIR, 'transcript.html');
    await writeFile(htmlFile, transcriptHtml(transcript, 'uploads'));
    const logFile = path.join(OUTPUT_DIR, 'bot.log');
    await writeFile(logFile, `${logLines.join('\n')}\n`);
    const shown = (file: string) => path.relative(process.cwd(), file);
    console.log(`\nDemo finished. Transcript: ${shown(htmlFile)} (bot log: ${shown(logFile)})`);
  } catch (error) {
    fail(`${step}: ${error instanceof Error ? error.message : String(error)}`, logLines);
  } finally {
    clearTimeout(overall);
    await bot?.stop();
    await Promise.all([discord.close(), host.close()]);
    await rm(dataDir, { recursive: true, force: true });
  }
}

function botEnvironment(discord: FakeDiscord, host: FakeHost, dataDir: string): Record<string, string> {
  return {
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_REST_URL: discord.restUrl,
    DISCORD_CDN_URL: discord.cdnUrl,
    DISCORD_ATTACHMENT_HOSTS: '127.0.0.1',
    HOST_API_URL: host.apiUrl,
    HOST_UPLOAD_URL: host.uploadUrl,
    HOST_ALLOW_HTTP: 'true',
    // A throwaway key: the demo's database is deleted when it ends.
    CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    RELAY_PROGRESS_INTERVAL_MS: '1000',
    WATCH_POLL_MIN_SECONDS: '1',
    WATCH_POLL_MAX_SECONDS: '2',
  };
}

async function waitForLog(
  lines: string[],
  message: string,
  timeoutMs: number,
  bot: BotProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!lines.some((line) => line.includes(`"msg":"${message}"`))) {
    if (bot.child.exitCode !== null) throw new Error(`the bot exited with code ${bot.child.exitCode}`);
    if (Date.now() > deadline)
      throw new Error(`the bot did not log "${message}" within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function fail(reason: string, logLines: string[]): void {
  process.stderr.write(`\nDemo failed while ${reason}\n`);
  if (logLines.length > 0) process.stderr.write(`Last bot log lines:\n${logLines.slice(-15).join('\n')}\n`);
  process.exitCode = 1;
  // A hung step cannot be awaited away; make sure the process ends.
  setTimeout(() => process.exit(1), 3000).unref();
}

await main();
