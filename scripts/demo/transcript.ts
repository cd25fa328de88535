import type { APIEmbed } from 'discord-api-types/v10';

export interface TranscriptImage {
  name: string;
  contentType: string;
  data: Buffer;
}

export interface TranscriptEntry {
  /** Milliseconds since the demo started. */
  at: number;
  author: string;
  bot: boolean;
  /** The event, e.g. "used /upload" or "edited the reply". */
  action: string;
  text: string;
  embeds: APIEmbed[];
  images: TranscriptImage[];
  /** True for a message only the member who ran the command can see. */
  ephemeral: boolean;
}

/**
 * The demo's conversation: each entry is printed as it is added, and the
 * whole is written as an HTML page laid out like a Discord channel.
 */
export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  /** Display names by user ID, for showing `<@id>` mentions as `@name`. */
  readonly names = new Map<string, string>();

  constructor(private readonly startedAt: number) {}

  add(
    entry: Omit<TranscriptEntry, 'at' | 'embeds' | 'images' | 'ephemeral'> & Partial<TranscriptEntry>,
  ): void {
    const full: TranscriptEntry = {
      embeds: [],
      images: [],
      ephemeral: false,
      ...entry,
      at: Date.now() - this.startedAt,
    };
    full.text = this.render(full.text);
    full.embeds = full.embeds.map((embed) => ({
      ...embed,
      description: embed.description === undefined ? undefined : this.render(embed.description),
      fields: embed.fields?.map((field) => ({ ...field, value: this.render(field.value) })),
    }));
    this.entries.push(full);
    process.stdout.write(`${formatEntry(full)}\n`);
  }

  /** Shows Discord's markup as a client would: `<t:…>` as a date, `<@id>` as `@name`. */
  render(text: string): string {
    return text
      .replace(/<t:(\d+)(?::[tTdDfFR])?>/g, (_match, seconds: string) =>
        new Date(Number(seconds) * 1000)
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, ' UTC'),
      )
      .replace(/<@!?(\d+)>/g, (match, id: string) => {
        const name = this.names.get(id);
        return name === undefined ? match : `@${name}`;
      });
  }
}

function formatEntry(entry: TranscriptEntry): string {
  const clock = `${(entry.at / 1000).toFixed(1).padStart(5)} s`;
  const who = entry.bot ? `${entry.author} (bot)` : entry.author;
  const visibility = entry.ephemeral ? ' [only you]' : '';
  const head = `[${clock}] ${who} ${entry.action}${visibility}`;

  const lines = entry.text ? entry.text.split('\n').map((line) => `          ${line}`) : [];
  for (const embed of entry.embeds) {
    if (embed.title) lines.push(`          ┃ ${embed.title}`);
    if (embed.description) lines.push(`          ┃ ${embed.description.split('\n').join('\n          ┃ ')}`);
    for (const field of embed.fields ?? [])
      lines.push(`          ┃ ${field.name}: ${field.value.split('\n').join(' · ')}`);
    if (embed.image?.url) lines.push(`          ┃ [image ${embed.image.url}]`);
    if (embed.footer?.text) lines.push(`          ┃ ${embed.footer.text}`);
  }
  for (const image of entry.images)
    lines.push(`          [attached ${image.name}, ${image.data.length} bytes]`);

  return [head, ...lines].join('\n');
}
