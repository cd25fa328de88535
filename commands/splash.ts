import type { ChatInputCommandInteraction } from 'discord.js';
import { AttachmentBuilder } from 'discord.js';
import type { APIEmbed } from 'discord-api-types/v10';
import { splashDefinition } from './definitions/splash.js';
import {
  AGE_RESTRICTED_ONLY_MESSAGE,
  deferForVisibility,
  interactionAllowsAdultContent,
} from '../src/discord/age-restriction.js';
import type { CommandModule } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { hostClientFor } from '../src/discord/linked-account.js';
import { respond } from '../src/discord/reply.js';
import { type SplashImage, fetchSplashImage, isFetchableSplashUrl } from '../src/host/splash-image.js';

/** Discord rejects longer embed image URLs; a longer one from the host is not shown. */
const MAX_IMAGE_URL_LENGTH = 2000;

/** Shows `/splash file [index]`: the image fetched and attached, else its https URL, else a note that there is none. */
async function showSplash(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  if (!(await interactionAllowsAdultContent(interaction))) {
    await respond(interaction, { content: AGE_RESTRICTED_ONLY_MESSAGE });
    return;
  }

  const fileId = interaction.options.getString('file', true).trim();
  const index = interaction.options.getInteger('index') ?? 0;
  const client = await hostClientFor(context, interaction.user.id);
  const url = await client.splash(fileId, index);
  const title = `Splash image ${index} of ${fileId}`;

  if (url === null) {
    await respond(interaction, { content: `The host has no splash image ${index} for file ${fileId}.` });
    return;
  }

  const image = await tryFetch(url, context);
  if (image !== null) {
    await respond(interaction, {
      embeds: [imageEmbed(title, `attachment://${image.name}`)],
      files: [new AttachmentBuilder(image.data, { name: image.name })],
    });
    return;
  }

  if (url.startsWith('https://') && url.length <= MAX_IMAGE_URL_LENGTH) {
    await respond(interaction, { embeds: [imageEmbed(title, url)] });
    return;
  }

  await respond(interaction, {
    content: `The host's splash image ${index} for file ${fileId} could not be fetched, and its address is not https, so Discord cannot show it either.`,
  });
}

/** Fetches the image when its URL is one the bot may fetch; null when it may not or the fetch fails. */
async function tryFetch(url: string, context: BotContext): Promise<SplashImage | null> {
  const { allowHttp } = context.config.host;
  if (!isFetchableSplashUrl(url, allowHttp)) return null;

  try {
    // NOTE: only test and demo set-ups allow http, and their hosts run on 127.0.0.1, so private addresses
    // follow that switch. A production mirror on a private network gets the URL fallback instead.
    return await fetchSplashImage(url, { allowHttp, allowPrivateAddresses: allowHttp });
  } catch (error) {
    context.logger.info({ err: error }, 'splash image fetch failed');
    return null;
  }
}

function imageEmbed(title: string, imageUrl: string): APIEmbed {
  return { title, image: { url: imageUrl } };
}

export default {
  command: {
    kind: 'slash',
    definition: splashDefinition,
    defer: deferForVisibility,
    execute: showSplash,
  },
} satisfies CommandModule;
