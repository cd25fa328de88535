import { randomBytes } from 'node:crypto';

import {
  ApplicationCommandType,
  ComponentType,
  InteractionContextType,
  InteractionType,
} from 'discord-api-types/v10';
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIBaseInteraction,
  APIChatInputApplicationCommandInteraction,
  APIInteraction,
  APIMessageApplicationCommandInteraction,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
  APIUserApplicationCommandInteraction,
  Locale,
} from 'discord-api-types/v10';

import type { FakeAttachment } from './attachment.js';
import { assertCommandOffered } from './command-access.js';
import type { FakeContext } from './context.js';
import type { OptionInput } from './interaction-options.js';
import { buildCommandOptions } from './interaction-options.js';
import type { ChannelRecord, MessageRecord } from './records.js';

/** Who interacts, and where. In a guild channel the user must be a member of the guild. */
export interface InteractionTarget {
  userId: string;
  channelId: string;
  /** The user's client language; default en-US. */
  locale?: Locale;
}

export interface SlashCommandInput extends InteractionTarget {
  name: string;
  options?: Record<string, OptionInput>;
  /** Attachment options, merged into `options`. */
  attachments?: Record<string, FakeAttachment>;
  subcommand?: string;
  subcommandGroup?: string;
}

export interface AutocompleteInput extends InteractionTarget {
  name: string;
  options: Record<string, OptionInput>;
  /** The option being typed in. */
  focused: string;
  subcommand?: string;
  subcommandGroup?: string;
}

export interface MessageCommandInput extends InteractionTarget {
  name: string;
  messageId: string;
}

export interface UserCommandInput extends InteractionTarget {
  name: string;
  targetUserId: string;
}

export interface ButtonInput extends InteractionTarget {
  customId: string;
  messageId: string;
}

export interface SelectMenuInput extends ButtonInput {
  values: string[];
}

export interface ModalSubmitInput extends InteractionTarget {
  customId: string;
  /** Text input values by custom_id. */
  fields: Record<string, string>;
  /** The message whose component opened the modal, if any; enables callback types 6 and 7. */
  messageId?: string;
  /** Send the fields in label components (type 18) instead of action rows; default false. */
  labels?: boolean;
}

/** A built interaction payload and the message it came from, if any. */
export interface BuiltInteraction {
  payload: APIInteraction;
  sourceMessageId?: string;
}

type BaseFields = Omit<APIBaseInteraction<InteractionType, never>, 'data' | 'type'>;

/** Builds INTERACTION_CREATE payloads the way Discord sends them over the gateway. */
export class InteractionFactory {
  readonly #context: FakeContext;

  constructor(context: FakeContext) {
    this.#context = context;
  }

  slashCommand(input: SlashCommandInput): BuiltInteraction {
    const { channel, base } = this.#base(input);
    const command = this.#offeredCommand(input.name, ApplicationCommandType.ChatInput, input.userId, channel);
    const { options, attachments } = buildCommandOptions({
      commandName: input.name,
      definition: command,
      subcommand: input.subcommand,
      subcommandGroup: input.subcommandGroup,
      values: { ...input.options, ...input.attachments },
    });
    const payload = {
      ...base,
      type: InteractionType.ApplicationCommand,
      data: {
        id: command?.id ?? this.#context.state.ids.next(),
        name: input.name,
        type: ApplicationCommandType.ChatInput,
        // Discord leaves out `options` when the command has none.
        ...(options.length === 0 ? {} : { options }),
        ...(command?.guild_id === undefined ? {} : { guild_id: command.guild_id }),
        ...(attachments.length === 0
          ? {}
          : { resolved: { attachments: this.#resolveAttachments(attachments) } }),
      },
    } as APIChatInputApplicationCommandInteraction;

    return { payload };
  }

  autocomplete(input: AutocompleteInput): BuiltInteraction {
    const { channel, base } = this.#base(input);
    const command = this.#offeredCommand(input.name, ApplicationCommandType.ChatInput, input.userId, channel);
    const { options } = buildCommandOptions({
      commandName: input.name,
      definition: command,
      subcommand: input.subcommand,
      subcommandGroup: input.subcommandGroup,
      values: input.options,
      focused: input.focused,
    });
    const payload = {
      ...base,
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        id: command?.id ?? this.#context.state.ids.next(),
        name: input.name,
        type: ApplicationCommandType.ChatInput,
        options,
      },
    } as APIApplicationCommandAutocompleteInteraction;

    return { payload };
  }

  messageCommand(input: MessageCommandInput): BuiltInteraction {
    const { channel, base } = this.#base(input);
    const command = this.#offeredCommand(input.name, ApplicationCommandType.Message, input.userId, channel);
    const target = this.#context.state.requireChannelMessage(channel.id, input.messageId);
    const payload = {
      ...base,
      type: InteractionType.ApplicationCommand,
      data: {
        id: command?.id ?? this.#context.state.ids.next(),
        name: input.name,
        type: ApplicationCommandType.Message,
        target_id: target.id,
        resolved: { messages: { [target.id]: this.#context.payloads.message(target) } },
      },
    } as APIMessageApplicationCommandInteraction;

    return { payload };
  }

  userCommand(input: UserCommandInput): BuiltInteraction {
    const { channel, base } = this.#base(input);
    const command = this.#offeredCommand(input.name, ApplicationCommandType.User, input.userId, channel);
    const { state, payloads } = this.#context;
    const user = payloads.userById(input.targetUserId);
    const resolved = { users: { [user.id]: user }, ...this.#resolvedMember(user.id, channel) };
    const payload = {
      ...base,
      type: InteractionType.ApplicationCommand,
      data: {
        id: command?.id ?? state.ids.next(),
        name: input.name,
        type: ApplicationCommandType.User,
        target_id: user.id,
        resolved,
      },
    } as APIUserApplicationCommandInteraction;

    return { payload };
  }

  button(input: ButtonInput): BuiltInteraction {
    return this.#component(input, { custom_id: input.customId, component_type: ComponentType.Button });
  }

  selectMenu(input: SelectMenuInput): BuiltInteraction {
    return this.#component(input, {
      custom_id: input.customId,
      component_type: ComponentType.StringSelect,
      values: input.values,
    });
  }

  modalSubmit(input: ModalSubmitInput): BuiltInteraction {
    const { channel, base } = this.#base(input);
    const source =
      input.messageId === undefined ? undefined : this.#componentMessage(channel, input.messageId);
    const components = Object.entries(input.fields).map(([customId, value], index) => {
      const textInput = { type: ComponentType.TextInput, id: index * 2 + 2, custom_id: customId, value };
      return input.labels
        ? { type: ComponentType.Label, id: index * 2 + 1, component: textInput }
        : { type: ComponentType.ActionRow, id: index * 2 + 1, components: [textInput] };
    });
    const payload = {
      ...base,
      type: InteractionType.ModalSubmit,
      data: { custom_id: input.customId, components },
      ...(source === undefined ? {} : { message: this.#context.payloads.message(source) }),
    } as APIModalSubmitInteraction;

    return { payload, sourceMessageId: source?.id };
  }

  #component(input: ButtonInput, data: APIMessageComponentInteraction['data']): BuiltInteraction {
    const { channel, base } = this.#base(input);
    const source = this.#componentMessage(channel, input.messageId);

    if (!hasComponent(source.components, input.customId)) {
      throw new Error(`Message ${source.id} has no enabled component with custom_id "${input.customId}"`);
    }

    const payload = {
      ...base,
      type: InteractionType.MessageComponent,
      data,
      message: this.#context.payloads.message(source),
    } as APIMessageComponentInteraction;

    return { payload, sourceMessageId: source.id };
  }

  /**
   * Returns a message of this channel whose components a user can use, ephemeral ones included.
   * NOTE: the fake does not check that an ephemeral message was shown to this user.
   */
  #componentMessage(channel: ChannelRecord, messageId: string): MessageRecord {
    const message = this.#context.state.messages.get(messageId);

    if (message === undefined || message.deleted || message.channelId !== channel.id) {
      throw new Error(`Message ${messageId} is not in channel ${channel.id}`);
    }

    return message;
  }

  #offeredCommand(name: string, type: ApplicationCommandType, userId: string, channel: ChannelRecord) {
    const command = this.#context.commands.find(name, type, channel.guildId);

    if (command !== undefined) {
      assertCommandOffered(this.#context.state, command, userId, channel);
    }

    return command;
  }

  #resolveAttachments(attachments: FakeAttachment[]) {
    const { applicationId, origin, state } = this.#context;

    return Object.fromEntries(
      attachments.map((attachment) => {
        // Discord serves files uploaded with a slash command from ephemeral-attachments/<application>/.
        attachment.bind('ephemeral-attachments', applicationId);
        state.attachments.set(attachment.id, attachment);
        return [attachment.id, attachment.toAPI(origin)];
      }),
    );
  }

  /** Returns `resolved.members` for a target user who is a member of the channel's guild. */
  #resolvedMember(userId: string, channel: ChannelRecord) {
    const guildId = channel.guildId;
    const member =
      guildId === undefined ? undefined : this.#context.state.guilds.get(guildId)?.members.get(userId);

    if (member === undefined) {
      return {};
    }

    // Resolved members leave out `user`, which is in `resolved.users`.
    const { user: _user, ...fields } = this.#context.payloads.member(member);
    return { members: { [userId]: { ...fields, permissions: this.#permissions(userId, channel) } } };
  }

  #permissions(userId: string, channel: ChannelRecord): string {
    return channel.guildId === undefined
      ? '0'
      : this.#context.state.permissionsOf(userId, channel.guildId, channel.id).toString();
  }

  /** The fields every interaction carries: IDs, token, channel, member or user, permissions, locale. */
  #base(target: InteractionTarget): { channel: ChannelRecord; base: BaseFields } {
    const { state, payloads, applicationId } = this.#context;
    const channel = state.requireChannel(target.channelId);
    const user = payloads.userById(target.userId);
    const id = state.ids.next();
    const base: BaseFields = {
      id,
      application_id: applicationId,
      token: interactionToken(id),
      version: 1,
      channel: payloads.channel(channel),
      channel_id: channel.id,
      app_permissions: this.#permissions(state.botUser.id, channel),
      locale: target.locale ?? ('en-US' as Locale),
      entitlements: [],
      // Key 0 is the guild installation: the guild's ID, or "0" in the bot's DMs.
      authorizing_integration_owners: { 0: channel.guildId ?? '0' },
      context: channel.guildId === undefined ? InteractionContextType.BotDM : InteractionContextType.Guild,
      attachment_size_limit: state.uploadLimit(channel.id),
    };

    if (channel.guildId === undefined) {
      return { channel, base: { ...base, user } };
    }

    const guild = state.requireGuild(channel.guildId);
    const member = guild.members.get(user.id);

    if (member === undefined) {
      throw new Error(`User ${user.id} is not a member of guild ${guild.id}; call addMember first`);
    }

    const memberPayload = {
      ...payloads.member(member),
      user,
      permissions: this.#permissions(user.id, channel),
    };
    return {
      channel,
      base: {
        ...base,
        guild_id: guild.id,
        guild: { id: guild.id, locale: guild.locale, features: [] },
        guild_locale: guild.locale,
        member: memberPayload,
      },
    };
  }
}

/** Generates a token in the shape Discord uses: base64 of `interaction:<id>:<random>`. */
function interactionToken(id: string): string {
  return Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
}

/** Finds an enabled component with this custom_id at any depth (rows, containers, section accessories). */
function hasComponent(components: unknown, customId: string): boolean {
  if (Array.isArray(components)) {
    return components.some((component) => hasComponent(component, customId));
  }

  if (typeof components !== 'object' || components === null) {
    return false;
  }

  const node = components as {
    custom_id?: unknown;
    disabled?: unknown;
    components?: unknown;
    accessory?: unknown;
  };

  if (node.custom_id === customId && node.disabled !== true) {
    return true;
  }

  return hasComponent(node.components, customId) || hasComponent(node.accessory, customId);
}
