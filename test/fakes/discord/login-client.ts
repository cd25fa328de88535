import { once } from 'node:events';

import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { ClientOptions, Interaction } from 'discord.js';

import type { FakeDiscord } from './fake-discord.js';

/**
 * Logs a real discord.js Client in to the fake and resolves once it is ready, with its guilds
 * and channels cached. The intents are Guilds only unless `options` sets others.
 */
export async function loginClient(
  fake: FakeDiscord,
  options: Partial<ClientOptions> = {},
): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...options,
    rest: { ...options.rest, api: fake.restUrl, cdn: fake.cdnUrl },
  });
  const ready = once(client, Events.ClientReady);

  try {
    await client.login(fake.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }

  return client as Client<true>;
}

/** Resolves with the next interaction the client emits; rejects after `timeoutMs` milliseconds. */
export async function nextInteraction(client: Client, timeoutMs = 5000): Promise<Interaction> {
  const signal = AbortSignal.timeout(timeoutMs);
  const [interaction] = (await once(client, Events.InteractionCreate, { signal })) as [Interaction];
  return interaction;
}
