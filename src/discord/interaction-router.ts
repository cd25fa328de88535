import type { AutocompleteInteraction, Interaction, RepliableInteraction } from 'discord.js';
import type { Command, ComponentHandler, ComponentInteraction, DeferMode } from './command.js';
import type { LoadedCommands } from './command-loader.js';
import type { BotContext } from './context.js';
import { decodeCustomId } from './custom-id.js';
import { replyWithError } from './interaction-errors.js';
import { defer, respond } from './reply.js';

/**
 * Routes every interaction to its command or component handler. It defers
 * before any handler runs (Discord allows 3 s for the first response), runs
 * the handler with a logger that carries the interaction's IDs, and sends
 * every failure through the one error path.
 */
export class InteractionRouter {
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly loaded: LoadedCommands,
    private readonly context: BotContext,
  ) {}

  /** Handles one interaction; never rejects. */
  handle(interaction: Interaction): Promise<void> {
    const task = this.#dispatch(interaction).finally(() => this.#inFlight.delete(task));
    this.#inFlight.add(task);
    return task;
  }

  /** Resolves once every interaction being handled has finished; used on shutdown. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }

  async #dispatch(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const logger = this.context.logger.child({
      interactionId: interaction.id,
      userId: interaction.user.id,
      guildId: interaction.guildId ?? undefined,
      channelId: interaction.channelId ?? undefined,
      ...handlerField(interaction),
    });
    const context: BotContext = { ...this.context, logger };

    try {
      if (interaction.isAutocomplete()) {
        await this.#autocomplete(interaction, context);
      } else if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
        await this.#command(interaction, context);
      } else if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
        await this.#component(interaction, context);
      } else {
        logger.debug({ type: interaction.type }, 'interaction type not handled');
      }
    } catch (error) {
      if (interaction.isRepliable()) await replyWithError(interaction, error, logger);
      else logger.error({ err: error }, 'interaction failed');
    } finally {
      logger.info({ durationMs: Math.round(performance.now() - started) }, 'interaction handled');
    }
  }

  async #command(
    interaction: Extract<Interaction, { commandName: string }> & RepliableInteraction,
    context: BotContext,
  ): Promise<void> {
    const command = this.loaded.commands.get(interaction.commandName);

    if (!command || !matchesKind(command, interaction)) {
      context.logger.warn('unknown command');
      await respond(interaction, {
        content: `This bot has no command named "${interaction.commandName}" any more. It may have been removed; try again in a minute.`,
        ephemeral: true,
      });
      return;
    }

    if (command.kind === 'slash' && interaction.isChatInputCommand()) {
      await defer(
        interaction,
        typeof command.defer === 'function' ? command.defer(interaction) : command.defer,
      );
      await command.execute(interaction, context);
    } else if (command.kind === 'message' && interaction.isMessageContextMenuCommand()) {
      await defer(interaction, command.defer);
      await command.execute(interaction, context);
    }
  }

  async #autocomplete(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
    const command = this.loaded.commands.get(interaction.commandName);
    if (command?.kind !== 'slash' || !command.autocomplete) {
      await interaction.respond([]);
      return;
    }

    try {
      await command.autocomplete(interaction, context);
    } catch (error) {
      // An autocomplete has no error message slot: log it and offer no choices.
      context.logger.warn({ err: error }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }

  async #component(interaction: ComponentInteraction, context: BotContext): Promise<void> {
    const { handler: name, args } = decodeCustomId(interaction.customId);
    const handler: ComponentHandler | undefined = this.loaded.components.get(name);

    if (!handler) {
      context.logger.warn({ customId: interaction.customId }, 'unknown component');
      await respond(interaction, {
        content: 'This button or form is no longer supported. Run the command again.',
        ephemeral: true,
      });
      return;
    }

    await defer(interaction, effectiveDefer(handler.defer, interaction));
    await handler.execute(interaction, args, context);
  }
}

/** A modal submitted from a slash command has no message to update; defer a reply instead. */
function effectiveDefer(mode: DeferMode, interaction: ComponentInteraction): DeferMode {
  if (mode === 'update' && interaction.isModalSubmit() && !interaction.isFromMessage()) return 'ephemeral';
  return mode;
}

/** The log field naming what runs: the command, or the component handler from the custom ID. */
function handlerField(interaction: Interaction): { command?: string; component?: string } {
  if (interaction.isCommand() || interaction.isAutocomplete()) return { command: interaction.commandName };
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
    return { component: decodeCustomId(interaction.customId).handler };
  }
  return {};
}

function matchesKind(command: Command, interaction: Interaction): boolean {
  return command.kind === 'slash'
    ? interaction.isChatInputCommand()
    : interaction.isMessageContextMenuCommand();
}
