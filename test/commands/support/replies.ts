import type { APIEmbed } from 'discord-api-types/v10';
import type { InteractionHandle, InteractionResponse } from '../../fakes/discord/index.js';

/** Message flag of a reply shown only to its user. */
export const EPHEMERAL = 64;

export interface ShownButton {
  custom_id: string;
  label: string;
  disabled: boolean;
}

/** Waits for the edit that fills a deferred reply, or updates the message of a pressed button. */
export function finalEdit(handle: InteractionHandle, timeoutMs?: number): Promise<InteractionResponse> {
  return handle.waitFor((response) => response.kind === 'original-edit', timeoutMs);
}

export function embedsOf(response: InteractionResponse): APIEmbed[] {
  return (response.data.embeds as APIEmbed[] | undefined) ?? [];
}

export function contentOf(response: InteractionResponse): string {
  return typeof response.data.content === 'string' ? response.data.content : '';
}

/** Returns the buttons of every action row of the response, in order. */
export function buttonsOf(response: InteractionResponse): ShownButton[] {
  const rows = (response.data.components as Array<{ components?: ShownButton[] }> | undefined) ?? [];
  return rows.flatMap((row) =>
    (row.components ?? []).map((button) => ({
      custom_id: button.custom_id,
      label: button.label,
      disabled: button.disabled,
    })),
  );
}

/** Returns the custom ID of the enabled button labelled `label`, and fails the test when there is none. */
export function buttonId(response: InteractionResponse, label: string): string {
  const button = buttonsOf(response).find((candidate) => candidate.label === label && !candidate.disabled);
  if (button === undefined) {
    throw new Error(`No enabled "${label}" button in ${JSON.stringify(buttonsOf(response))}`);
  }
  return button.custom_id;
}
