import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  StringSelectMenuInteraction,
} from 'discord.js';
import type {
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { BotContext } from './context.js';

/**
 * How the router acknowledges an interaction before the handler runs.
 * Discord allows 3 s for the first response, so every handler that does I/O
 * is deferred first. `none` is for handlers whose first response is a modal.
 */
export type DeferMode = 'ephemeral' | 'public' | 'update' | 'none';

export interface SlashCommand {
  kind: 'slash';
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  defer: DeferMode | ((interaction: ChatInputCommandInteraction) => DeferMode);
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  /** Must respond within Discord's 3 s. The router responds with an empty list if it throws. */
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}

export interface MessageMenuCommand {
  kind: 'message';
  definition: RESTPostAPIContextMenuApplicationCommandsJSONBody;
  defer: DeferMode;
  execute(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void>;
}

export type Command = SlashCommand | MessageMenuCommand;

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/**
 * A handler for buttons, select menus or modals whose custom ID starts with
 * `name`. The rest of the custom ID arrives as `args` (see custom-id.ts).
 */
export interface ComponentHandler {
  name: string;
  defer: DeferMode;
  execute(interaction: ComponentInteraction, args: string[], context: BotContext): Promise<void>;
}

/** The default export of a module in `commands/`. */
export interface CommandModule {
  command: Command;
  components?: ComponentHandler[];
}
