import type { APIEmbed } from 'discord-api-types/v10';
import { EMBED_LIMITS } from './limits.js';

/** One line of the "not shown" list of `/file`: the ID or token, and why it is not shown. */
export interface FileProblem {
  /** A file ID, or an escaped and shortened token that is not one. */
  subject: string;
  reason: string;
}

const TITLE = 'Not shown';

/**
 * Builds the "Not shown" embeds of a `/file` request: one line per ID that
 * shows no file, in as many embeds as their descriptions need. Returns none
 * when there is nothing to report.
 */
export function fileProblemEmbeds(problems: readonly FileProblem[]): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  let lines: string[] = [];
  let length = 0;

  for (const problem of problems) {
    const line = `**${problem.subject}**: ${problem.reason}`;
    if (length + line.length + 1 > EMBED_LIMITS.description && lines.length > 0) {
      embeds.push(problemEmbed(lines));
      lines = [];
      length = 0;
    }

    lines.push(line);
    length += line.length + 1;
  }

  if (lines.length > 0) embeds.push(problemEmbed(lines));
  return embeds;
}

function problemEmbed(lines: string[]): APIEmbed {
  return { title: TITLE, description: lines.join('\n') };
}
