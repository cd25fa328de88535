import type { ChatInputCommandInteraction } from 'discord.js';
import type { APIEmbed } from 'discord-api-types/v10';
import { fileDefinition } from './definitions/file.js';
import {
  AGE_RESTRICTED_ONLY_MESSAGE,
  deferForVisibility,
  interactionAllowsAdultContent,
} from '../src/discord/age-restriction.js';
import type { CommandModule, ComponentInteraction } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { encodeCustomId } from '../src/discord/custom-id.js';
import { fileProblemEmbeds } from '../src/discord/embeds/file-problems-embed.js';
import { fitEmbeds } from '../src/discord/embeds/fit-embeds.js';
import { MAX_FILE_IDS, parseFileIdList } from '../src/discord/file-id-list.js';
import { buildFileAnswer, fileIdsInRange, pageStartsOf, refetchedEmbeds } from '../src/discord/file-pages.js';
import { followUpPrivately } from '../src/discord/handler-errors.js';
import { hostClientFor } from '../src/discord/linked-account.js';
import { pageLabel, pagerRows, parsePage } from '../src/discord/pager.js';
import { respond, respondByUpdate } from '../src/discord/reply.js';
import { UserError } from '../src/discord/user-error.js';
import type { HostClient } from '../src/host/client.js';
import type { FilePagesRecord } from '../src/store/file-page-store.js';

const PAGE_BUTTON = 'file-page';

/** Shows `/file ids`: one embed per file, the failures listed, paged when they fill more than one message. */
async function showFiles(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  if (!(await interactionAllowsAdultContent(interaction))) {
    await respond(interaction, { content: AGE_RESTRICTED_ONLY_MESSAGE });
    return;
  }

  const list = parseFileIdList(interaction.options.getString('ids', true));
  if (list.ids.length > MAX_FILE_IDS) {
    throw new UserError(
      `Give at most ${MAX_FILE_IDS} file IDs at once; the list has ${list.ids.length} different ones.`,
    );
  }

  const client = await hostClientFor(context, interaction.user.id);
  const entries = list.ids.length === 0 ? [] : await client.fileInfoAll(list.ids);
  const answer = buildFileAnswer(list, entries, context.config.host.apiUrl);
  context.logger.info(
    { requested: list.ids.length, found: answer.fileIds.length, invalid: list.invalid.length },
    'files shown',
  );

  const pageCount = answer.pages.length;
  const token =
    pageCount > 1
      ? await context.filePages.save({
          userId: interaction.user.id,
          summary: answer.summary,
          problems: answer.problems,
          fileIds: answer.fileIds,
          pageStarts: pageStartsOf(answer.pages),
        })
      : undefined;

  await respond(interaction, {
    content: withPage(answer.summary, 0, pageCount),
    embeds: answer.pages[0] ?? [],
    components: token === undefined ? [] : pagerRows((page) => pageButtonId(token, page), 0, pageCount),
  });
}

/** Handles Previous and Next: fetches that page's files again and shows them in place. */
async function turnPage(
  interaction: ComponentInteraction,
  args: string[],
  context: BotContext,
): Promise<void> {
  if (!interaction.isButton()) return;

  if (!(await interactionAllowsAdultContent(interaction))) {
    await respondByUpdate(interaction, { content: AGE_RESTRICTED_ONLY_MESSAGE, embeds: [], components: [] });
    return;
  }

  const [token = '', pageArg] = args;
  const record = await context.filePages.load(token);
  if (record === undefined) {
    context.logger.info('file pages expired');
    await respondByUpdate(interaction, { components: [] });
    await followUpPrivately(interaction, 'These pages have expired. Run /file again.', context.logger);
    return;
  }
  if (record.userId !== interaction.user.id) {
    await followUpPrivately(
      interaction,
      'Only the member who ran this /file can turn its pages.',
      context.logger,
    );
    return;
  }

  const page = Math.min(parsePage(pageArg) ?? 0, record.pageStarts.length - 1);
  const client = await hostClientFor(context, interaction.user.id);
  const embeds = await storedPageEmbeds(record, page, client, context.config.host.apiUrl);

  // A file that grew since the first fetch can push the page past the limits, so the rest becomes a page of its own.
  const start = record.pageStarts[page] ?? 0;
  if (embeds.shown.length < embeds.total) {
    record.pageStarts.splice(page + 1, 0, start + embeds.shown.length);
    await context.filePages.update(token, record);
  }

  await respondByUpdate(interaction, {
    content: withPage(record.summary, page, record.pageStarts.length),
    embeds: embeds.shown,
    components: pagerRows((target) => pageButtonId(token, target), page, record.pageStarts.length),
  });
}

/**
 * Builds page `page` of stored pages: its problem embeds as stored, and its
 * files as the host describes them now. Returns the embeds that fit one
 * message and how many items the page had.
 */
async function storedPageEmbeds(
  record: FilePagesRecord,
  page: number,
  client: HostClient,
  apiUrl: string,
): Promise<{ shown: APIEmbed[]; total: number }> {
  const problemEmbeds = fileProblemEmbeds(record.problems);
  const start = record.pageStarts[page] ?? 0;
  const end = record.pageStarts[page + 1] ?? problemEmbeds.length + record.fileIds.length;

  const ids = fileIdsInRange(record.fileIds, problemEmbeds.length, start, end);
  const entries = ids.length === 0 ? [] : await client.fileInfo(ids);
  const items = [...problemEmbeds.slice(start, end), ...refetchedEmbeds(entries, apiUrl)];

  return { shown: fitEmbeds(items)[0] ?? [], total: items.length };
}

function pageButtonId(token: string, page: number): string {
  return encodeCustomId(PAGE_BUTTON, token, page);
}

function withPage(summary: string, page: number, pageCount: number): string {
  const label = pageLabel(page, pageCount);
  return label === '' ? summary : `${summary} ${label}`;
}

export default {
  command: {
    kind: 'slash',
    definition: fileDefinition,
    defer: deferForVisibility,
    execute: showFiles,
  },
  components: [
    {
      name: PAGE_BUTTON,
      defer: 'update',
      execute: turnPage,
    },
  ],
} satisfies CommandModule;
