import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { folderDefinition } from './definitions/folder.js';
import {
  AGE_RESTRICTED_ONLY_MESSAGE,
  deferForVisibility,
  interactionAllowsAdultContent,
} from '../src/discord/age-restriction.js';
import type { CommandModule, ComponentInteraction } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { encodeCustomId } from '../src/discord/custom-id.js';
import { folderPageCount, folderPageEmbed } from '../src/discord/embeds/folder-embed.js';
import { folderChoices } from '../src/discord/folder-choice-list.js';
import { mayHandleContentButton } from '../src/discord/content-button.js';
import { hostClientFor } from '../src/discord/linked-account.js';
import { pageLabel, pagerRows, parsePage } from '../src/discord/pager.js';
import { respond, respondByUpdate } from '../src/discord/reply.js';
import { settleWithin } from '../src/discord/settle-within.js';
import type { HostClient } from '../src/host/client.js';

const PAGE_BUTTON = 'folder-page';
/** The root folder in a custom ID, where an empty part would be easy to misread. */
const ROOT = 'root';

/** Discord drops an autocomplete response sent after 3 s, so the host gets 2 s of them. */
const AUTOCOMPLETE_WAIT_MS = 2000;
/** A slower listing is abandoned, but one that arrives within this many ms still fills the cache. */
const AUTOCOMPLETE_LOAD_TIMEOUT_MS = 10_000;

interface FolderView {
  folderId: string | undefined;
  recent: boolean;
  page: number;
}

/** Shows the first page of a folder's listing: `/folder [folder_id] [recent]`. */
async function showFolder(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  if (!(await interactionAllowsAdultContent(interaction))) {
    await respond(interaction, { content: AGE_RESTRICTED_ONLY_MESSAGE });
    return;
  }

  const typed = interaction.options.getString('folder_id')?.trim() ?? '';
  const view: FolderView = {
    folderId: typed === '' ? undefined : typed,
    recent: interaction.options.getBoolean('recent') === true,
    page: 0,
  };

  const client = await hostClientFor(context, interaction.user.id);
  await respond(interaction, await renderFolder(client, view, context));
}

/** Handles Previous and Next. The custom ID names the folder, the recent flag and the page, so no state is kept. */
async function turnPage(
  interaction: ComponentInteraction,
  args: string[],
  context: BotContext,
): Promise<void> {
  if (!interaction.isButton()) return;

  if (
    !(await mayHandleContentButton(
      interaction,
      'Only the member who ran this /folder can turn its pages.',
      context.logger,
    ))
  )
    return;

  const [folder = ROOT, recent, page] = args;
  const view: FolderView = {
    folderId: folder === ROOT ? undefined : folder,
    recent: recent === '1',
    page: parsePage(page) ?? 0,
  };

  const client = await hostClientFor(context, interaction.user.id);
  await respondByUpdate(interaction, await renderFolder(client, view, context));
}

async function renderFolder(client: HostClient, view: FolderView, context: BotContext) {
  const listing = await client.listFolder({ folderId: view.folderId, recent: view.recent });
  const pageCount = folderPageCount(listing);
  const page = Math.min(view.page, pageCount - 1);
  context.logger.info(
    { folderId: view.folderId ?? ROOT, folders: listing.folders.length, files: listing.files.length },
    'folder listed',
  );

  const buttonId = (target: number) =>
    encodeCustomId(PAGE_BUTTON, view.folderId ?? ROOT, view.recent ? 1 : 0, target);
  return {
    content: pageLabel(page, pageCount),
    embeds: [folderPageEmbed(listing, { ...view, page, apiUrl: context.config.host.apiUrl })],
    components: pagerRows(buttonId, page, pageCount),
  };
}

/**
 * Suggests the user's root folders. Without a linked account or outside an
 * age-restricted channel it offers none, and when the host fails or is slow
 * the last known folders or none. An unexpected error reaches the router,
 * which responds with no choices.
 */
async function suggestFolders(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const userId = interaction.user.id;
  const credentials = (await interactionAllowsAdultContent(interaction))
    ? await context.credentials.get(userId)
    : undefined;
  if (credentials === undefined) {
    await interaction.respond([]);
    return;
  }

  const client = context.host.forUser(credentials);
  const loading = context.folderChoices.get(userId, async () => {
    const listing = await client.listFolder({ signal: AbortSignal.timeout(AUTOCOMPLETE_LOAD_TIMEOUT_MS) });
    return listing.folders;
  });
  const folders =
    (await settleWithin(loading, AUTOCOMPLETE_WAIT_MS, (error) =>
      context.logger.warn({ err: error }, 'folder autocomplete could not list the root folder'),
    )) ??
    context.folderChoices.stale(userId) ??
    [];

  await interaction.respond(folderChoices(folders, interaction.options.getFocused()));
}

export default {
  command: {
    kind: 'slash',
    definition: folderDefinition,
    defer: deferForVisibility,
    execute: showFolder,
    autocomplete: suggestFolders,
  },
  components: [
    {
      name: PAGE_BUTTON,
      defer: 'update',
      execute: turnPage,
    },
  ],
} satisfies CommandModule;
