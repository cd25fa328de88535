/**
 * The baseline of P4: a bare discord.js client (the `Guilds` intent, default options) that
 * defers every slash command at once, ephemeral, then edits the reply. It does no routing, no
 * logging and no storage, so a burst it handles shows what discord.js alone costs per
 * interaction on this machine. It logs one JSON line at READY and exits on SIGTERM. Its
 * configuration comes from BARE_TOKEN and BARE_REST_URL.
 */
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';

import { baselineClientEnvironment } from './client-environment.js';

const { token, restUrl } = baselineClientEnvironment();

const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: restUrl } });

client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;

  interaction
    .deferReply({ flags: MessageFlags.Ephemeral })
    .then(() => interaction.editReply('Deferred by the baseline client.'))
    .catch((error: unknown) => {
      process.stderr.write(`${JSON.stringify({ msg: 'interaction failed', error: String(error) })}\n`);
    });
});

client.once(Events.ClientReady, () => {
  process.stdout.write(`${JSON.stringify({ msg: 'client ready', time: Date.now() })}\n`);
});

process.once('SIGTERM', () => {
  void client.destroy().finally(() => process.exit(0));
});

await client.login(token);
