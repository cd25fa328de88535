import {
  ActionRowBuilder,
  type ChatInputCommandInteraction,
  ModalBuilder,
  type ModalSubmitInteraction,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { loginDefinition } from './definitions/login.js';
import type { CommandModule, ComponentInteraction } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { accountEmbed } from '../src/discord/embeds/account-embed.js';
import { respond } from '../src/discord/reply.js';
import { UserError } from '../src/discord/user-error.js';
import { HostError } from '../src/host/errors.js';
import { SecretCredentials } from '../src/store/secret-credentials.js';

const MODAL_ID = 'login';
const LOGIN_FIELD = 'login';
const KEY_FIELD = 'key';

/** Host logins are 16 hex digits and keys about 16 characters; the caps leave room and stop junk. */
const MAX_LOGIN_LENGTH = 64;
const MAX_KEY_LENGTH = 128;
const PRINTABLE_WITHOUT_SPACES = /^[\x21-\x7e]+$/;

/** `/login`: shows the modal. A modal must be the first response, so nothing is deferred or fetched first. */
async function showLoginModal(interaction: ChatInputCommandInteraction): Promise<void> {
  const login = new TextInputBuilder()
    .setCustomId(LOGIN_FIELD)
    .setLabel('API login')
    .setPlaceholder('e.g. 5147a8f8e924bc82')
    .setStyle(TextInputStyle.Short)
    .setMinLength(1)
    .setMaxLength(MAX_LOGIN_LENGTH)
    .setRequired(true);
  const key = new TextInputBuilder()
    .setCustomId(KEY_FIELD)
    .setLabel('API key')
    .setPlaceholder('From "User Settings" on the host')
    .setStyle(TextInputStyle.Short)
    .setMinLength(1)
    .setMaxLength(MAX_KEY_LENGTH)
    .setRequired(true);

  const modal = new ModalBuilder()
    .setCustomId(MODAL_ID)
    .setTitle('Link your video host account')
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(login),
      new ActionRowBuilder<TextInputBuilder>().addComponents(key),
    );
  await interaction.showModal(modal);
}

/**
 * The modal's submit: checks the pair with `account/info` and stores it
 * only if the host accepts it, so a typo never replaces working credentials.
 */
async function submitLogin(
  interaction: ComponentInteraction,
  _args: string[],
  context: BotContext,
): Promise<void> {
  if (!interaction.isModalSubmit()) return;

  const credentials = readFields(interaction);
  const client = context.host.forUser(credentials);

  let account;
  try {
    account = await client.accountInfo();
  } catch (error) {
    if (error instanceof HostError && error.code === 'HOST_PERMISSION_DENIED') {
      throw new UserError(
        'The host rejected this API login and key, so nothing was saved. Copy both again from "User Settings" on the host and run /login.',
        { cause: error },
      );
    }
    throw error;
  }

  await context.credentials.set(interaction.user.id, credentials, account.userId);
  context.logger.info({ hostUserId: account.userId }, 'account linked');

  await respond(interaction, {
    content: 'Your video host account is linked. Only you can see this message.',
    embeds: [accountEmbed(account)],
  });
}

function readFields(interaction: ModalSubmitInteraction): SecretCredentials {
  const login = interaction.fields.getTextInputValue(LOGIN_FIELD).trim();
  const key = interaction.fields.getTextInputValue(KEY_FIELD).trim();

  if (login.length === 0 || key.length === 0) {
    throw new UserError(
      'Both the API login and the API key are required. Run /login and fill in both fields.',
    );
  }
  if (login.length > MAX_LOGIN_LENGTH || key.length > MAX_KEY_LENGTH) {
    throw new UserError(
      `The API login may have at most ${MAX_LOGIN_LENGTH} characters and the key ${MAX_KEY_LENGTH}. Copy them again from the host and run /login.`,
    );
  }
  if (!PRINTABLE_WITHOUT_SPACES.test(login) || !PRINTABLE_WITHOUT_SPACES.test(key)) {
    throw new UserError(
      'The API login and key cannot contain spaces or special characters. Copy them again from the host and run /login.',
    );
  }
  return new SecretCredentials(login, key);
}

export default {
  command: {
    kind: 'slash',
    definition: loginDefinition,
    defer: 'none',
    execute: showLoginModal,
  },
  components: [{ name: MODAL_ID, defer: 'ephemeral', execute: submitLogin }],
} satisfies CommandModule;
