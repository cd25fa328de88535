/**
 * The baseline of P6: a bare discord.js client with the `Guilds` intent and default options,
 * logged in to the fake Discord. It logs one JSON line at READY, like the bot's `bot ready`,
 * and exits on SIGTERM. Its configuration comes from BARE_TOKEN and BARE_REST_URL.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';

import { baselineClientEnvironment } from './client-environment.js';

const { token, restUrl } = baselineClientEnvironment();

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: restUrl } });

client.once(Events.ClientReady, () => {
  process.stdout.write(`${JSON.stringify({ msg: 'client ready', time: Date.now() })}\n`);
});

process.once('SIGTERM', () => {
  void client.destroy().finally(() => process.exit(0));
});

await client.login(token);
