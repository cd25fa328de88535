import type { ChatInputCommandInteraction } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponent } from 'discord-api-types/v10';
import { convertsDefinition } from './definitions/converts.js';
import {
  AGE_RESTRICTED_ONLY_MESSAGE,
  deferForVisibility,
  interactionAllowsAdultContent,
} from '../src/discord/age-restriction.js';
import type { CommandModule, ComponentInteraction } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { encodeCustomId } from '../src/discord/custom-id.js';
import { convertsEmbed } from '../src/discord/embeds/converts-embed.js';
import { mayHandleContentButton } from '../src/discord/content-button.js';
import { hostClientFor } from '../src/discord/linked-account.js';
import { respond, respondByUpdate } from '../src/discord/reply.js';
import type { HostClient } from '../src/host/client.js';
import { QUALITIES, type Quality } from '../src/host/types.js';

const REFRESH_BUTTON = 'converts-refresh';
/** Every quality, in the Refresh button's custom ID. */
const ALL = 'all';

/** Shows `/converts file [quality]`: a progress bar and state per quality, with a Refresh button. */
async function showConverts(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  if (!(await interactionAllowsAdultContent(interaction))) {
    await respond(interaction, { content: AGE_RESTRICTED_ONLY_MESSAGE });
    return;
  }

  const fileId = interaction.options.getString('file', true).trim();
  const quality = toQuality(interaction.options.getString('quality') ?? undefined);

  const client = await hostClientFor(context, interaction.user.id);
  await respond(interaction, await renderConverts(client, fileId, quality, context));
}

/** Handles Refresh. The custom ID names the file and the quality, so it works after a restart. */
async function refresh(
  interaction: ComponentInteraction,
  args: string[],
  context: BotContext,
): Promise<void> {
  if (!interaction.isButton()) return;

  if (
    !(await mayHandleContentButton(
      interaction,
      'Only the member who ran this /converts can refresh it.',
      context.logger,
    ))
  )
    return;

  const [fileId = '', quality] = args;
  const client = await hostClientFor(context, interaction.user.id);
  await respondByUpdate(interaction, await renderConverts(client, fileId, toQuality(quality), context));
}

async function renderConverts(
  client: HostClient,
  fileId: string,
  quality: Quality | undefined,
  context: BotContext,
) {
  const status = await client.converts(fileId, quality);
  context.logger.info({ fileId, summary: status.summary, playable: status.playable }, 'encoding shown');

  return {
    content: '',
    embeds: [convertsEmbed(status, context.config.host.apiUrl)],
    components: [refreshRow(status.fileId, quality)],
  };
}

function refreshRow(fileId: string, quality: Quality | undefined): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Refresh',
        custom_id: encodeCustomId(REFRESH_BUTTON, fileId, quality ?? ALL),
      },
    ],
  };
}

/** Reads the quality option or custom ID part: undefined means every quality, and the host client rejects anything unknown. */
function toQuality(value: string | undefined): Quality | undefined {
  if (value === undefined || value === ALL) return undefined;
  return QUALITIES.find((quality) => quality === value) ?? (value as Quality);
}

export default {
  command: {
    kind: 'slash',
    definition: convertsDefinition,
    defer: deferForVisibility,
    execute: showConverts,
  },
  components: [
    {
      name: REFRESH_BUTTON,
      defer: 'update',
      execute: refresh,
    },
  ],
} satisfies CommandModule;
