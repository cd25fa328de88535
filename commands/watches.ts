import {
  type ChatInputCommandInteraction,
  ButtonStyle,
  ComponentType,
  TimestampStyles,
  time,
} from 'discord.js';
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord-api-types/v10';
import { watchesDefinition } from './definitions/watches.js';
import type { CommandModule, ComponentInteraction } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { encodeCustomId } from '../src/discord/custom-id.js';
import { hostText } from '../src/discord/embeds/host-text.js';
import { followUpPrivately, pressedByOwner } from '../src/discord/handler-errors.js';
import { respond, respondByUpdate } from '../src/discord/reply.js';
import type { Watch } from '../src/watch/watch-record.js';

const CANCEL_BUTTON = 'watch-cancel';

/** Discord allows 5 rows of 5 buttons: one Cancel button per listed watch. */
const MAX_LISTED = 25;
const BUTTONS_PER_ROW = 5;

/**
 * `/watches`: the caller's open watches, privately, each with a Cancel
 * button whose custom ID carries only the file ID. The user always comes
 * from the interaction, so no member can list or cancel another member's
 * watches. Only file IDs are shown, never names, so it suits any channel.
 */
async function listWatches(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await respond(interaction, await watchList(context, interaction.user.id, null));
}

async function cancelWatch(
  interaction: ComponentInteraction,
  args: string[],
  context: BotContext,
): Promise<void> {
  if (!interaction.isButton()) return;

  if (!pressedByOwner(interaction)) {
    await followUpPrivately(
      interaction,
      'This list belongs to another member. Run /watches to see yours.',
      context.logger,
    );
    return;
  }

  const fileId = args[0] ?? '';
  const cancelled = await context.watches.cancel(interaction.user.id, fileId);
  const note = cancelled
    ? `Stopped watching ${fileId}. No notice will be posted for it.`
    : `You have no open watch of ${hostText(fileId, 64)}; its notice may have been posted already.`;

  await respondByUpdate(interaction, await watchList(context, interaction.user.id, note));
}

async function watchList(
  context: BotContext,
  userId: string,
  note: string | null,
): Promise<{ content: string; embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] }> {
  const watches = await context.watches.listFor(userId);
  const content = note ?? '';

  if (watches.length === 0) {
    return {
      content:
        `${content}\nYou are not watching any file. Uploads are watched on their own; /watch watches an existing file.`.trim(),
      embeds: [],
      components: [],
    };
  }

  const listed = watches.slice(0, MAX_LISTED);
  const more = watches.length - listed.length;
  const embed: APIEmbed = {
    title: `Your watches (${watches.length})`,
    description: [
      ...listed.map(describe),
      ...(more > 0 ? [`…and ${more} more. Cancel some to see the rest.`] : []),
    ].join('\n'),
  };

  return { content, embeds: [embed], components: cancelRows(listed) };
}

/** One line per watch: file ID, source, age, what the last poll saw, next check. Never the name. */
function describe(watch: Watch): string {
  const started = time(Math.floor(watch.createdAt / 1000), TimestampStyles.RelativeTime);
  const next = time(Math.ceil(watch.nextPollAt / 1000), TimestampStyles.RelativeTime);
  const source = watch.source === 'upload' ? 'upload' : '/watch';
  return `\`${watch.fileId}\` · from ${source} ${started} · ${progressOf(watch)} · next check ${next}`;
}

function progressOf(watch: Watch): string {
  if (watch.seen === null) return 'not checked yet';

  const qualities = watch.seen.converts?.qualities ?? [];
  const produced = qualities.filter((quality) => !quality.skipped);
  if (produced.length > 0) {
    return `${produced.filter((quality) => quality.done).length} of ${produced.length} qualities ready`;
  }

  const ready = Object.entries(watch.seen.available).filter(([, available]) => available).length;
  return ready === 0 ? 'no quality ready yet' : `${ready} ${ready === 1 ? 'quality' : 'qualities'} ready`;
}

function cancelRows(watches: readonly Watch[]): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];

  for (let start = 0; start < watches.length; start += BUTTONS_PER_ROW) {
    rows.push({
      type: ComponentType.ActionRow,
      components: watches.slice(start, start + BUTTONS_PER_ROW).map((watch) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: `Cancel ${watch.fileId}`,
        custom_id: encodeCustomId(CANCEL_BUTTON, watch.fileId),
      })),
    });
  }
  return rows;
}

export default {
  command: { kind: 'slash', definition: watchesDefinition, defer: 'ephemeral', execute: listWatches },
  components: [{ name: CANCEL_BUTTON, defer: 'update', execute: cancelWatch }],
} satisfies CommandModule;
