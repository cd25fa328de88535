import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import type { FakeDiscord } from '../../test/fakes/discord/fake-discord.js';
import type { InteractionHandle, InteractionResponse } from '../../test/fakes/discord/interaction-handle.js';
import type { Transcript, TranscriptImage } from './transcript.js';

const POLL_MS = 100;

const ACTIONS: Record<InteractionResponse['kind'], string> = {
  callback: 'replied',
  'original-edit': 'edited the reply',
  'original-delete': 'deleted the reply',
  followup: 'followed up',
  'followup-edit': 'edited a follow-up',
  'followup-delete': 'deleted a follow-up',
};

/**
 * Prints the bot's responses to one interaction as they arrive, until
 * `until` matches a response or `timeoutMs` passes.
 */
export async function followInteraction(
  transcript: Transcript,
  botName: string,
  handle: InteractionHandle,
  until: (response: InteractionResponse) => boolean,
  timeoutMs: number,
): Promise<InteractionResponse> {
  const deadline = Date.now() + timeoutMs;
  let printed = 0;

  for (;;) {
    const responses = handle.responses();
    for (; printed < responses.length; printed += 1) {
      const response = responses[printed] as InteractionResponse;
      printResponse(transcript, botName, response);
      if (until(response)) return response;
    }
    if (Date.now() > deadline) throw new Error(`no matching response within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function printResponse(transcript: Transcript, botName: string, response: InteractionResponse): void {
  if (response.type === 5 || response.type === 6) {
    transcript.add({
      author: botName,
      bot: true,
      action: 'is thinking…',
      text: '',
      ephemeral: response.ephemeral,
    });
    return;
  }
  if (response.type === 9) {
    const title = String(response.data.title ?? '');
    transcript.add({ author: botName, bot: true, action: 'opened a form', text: title, ephemeral: true });
    return;
  }

  transcript.add({
    author: botName,
    bot: true,
    action: ACTIONS[response.kind],
    text: typeof response.data.content === 'string' ? response.data.content : '',
    embeds: (response.data.embeds as APIEmbed[] | undefined) ?? [],
    images: response.files.map((file) => ({
      name: file.filename,
      contentType: file.contentType,
      data: file.data,
    })),
    ephemeral: response.ephemeral,
  });
}

/** Waits for a channel message matching `predicate` and prints it with its attached images. */
export async function followChannel(
  transcript: Transcript,
  discord: FakeDiscord,
  channelId: string,
  predicate: (message: APIMessage) => boolean,
  timeoutMs: number,
): Promise<APIMessage> {
  const message = await discord.waitForMessage(channelId, predicate, timeoutMs);

  const images: TranscriptImage[] = [];
  for (const attachment of message.attachments) {
    images.push({
      name: attachment.filename,
      contentType: attachment.content_type ?? 'application/octet-stream',
      data: await discord.attachmentBytes(attachment.id),
    });
  }

  transcript.add({
    author: message.author.username,
    bot: message.author.bot === true,
    action: 'posted in the channel',
    text: message.content,
    embeds: message.embeds,
    images,
  });
  return message;
}
