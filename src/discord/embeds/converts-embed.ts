import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { EncodingStatus, QualityStatus } from '../../host/types.js';
import { shownLink } from '../file-link.js';
import { hostText } from './host-text.js';

const BAR_CELLS = 10;
const FILLED = '▰';
const EMPTY = '▱';

/** Draws a text progress bar such as `▰▰▰▱▱▱▱▱▱▱ 30 %`. A cell fills only once its tenth is complete. */
export function progressBar(percent: number): string {
  const clamped = Math.min(Math.max(percent, 0), 100);
  const filled = Math.floor(clamped / (100 / BAR_CELLS));
  const shown = Number.isInteger(clamped) ? String(clamped) : clamped.toFixed(1);
  return `${FILLED.repeat(filled)}${EMPTY.repeat(BAR_CELLS - filled)} ${shown} %`;
}

/**
 * Names the state of one quality. A skipped quality is not produced at all,
 * whatever its other fields contain, because the host can report a skipped
 * quality as converted at 0 %.
 */
export function qualityState(quality: QualityStatus): string {
  if (quality.skipped) return 'skipped';
  if (quality.done) return 'converted';
  return 'converting';
}

/** `file/converts` for one file: a field per quality, the summary, whether it plays, and its link. */
export function convertsEmbed(status: EncodingStatus, apiUrl: string): APIEmbed {
  const lines = [
    `Summary: ${hostText(status.summary, 64) || 'none'}`,
    `Playable: ${status.playable ? 'yes' : 'no'}`,
  ];
  const linkId = status.linkId ?? status.fileId;
  lines.push(`Link: ${shownLink(status.link, apiUrl, linkId)}`);
  // Once encoded, the host can serve the file under an ID of its own, which other commands do not take.
  if (linkId !== status.fileId) lines.push(`Encoded file ID: ${linkId}`);

  return {
    title: `Encoding of ${status.fileId}`,
    description: lines.join('\n'),
    ...(status.qualities.length === 0 ? {} : { fields: status.qualities.slice(0, 25).map(qualityField) }),
  };
}

function qualityField(quality: QualityStatus): APIEmbedField {
  const state = qualityState(quality);
  const retries = `${quality.retries} ${quality.retries === 1 ? 'retry' : 'retries'}`;
  const bar = quality.skipped ? '' : `${progressBar(quality.progress)}\n`;

  return {
    name: hostText(quality.label, 32) || 'unnamed quality',
    value: `${bar}${state} · ${retries}`,
    inline: true,
  };
}
