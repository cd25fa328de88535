import type { APIEmbed } from 'discord-api-types/v10';
import type { Transcript, TranscriptEntry, TranscriptImage } from './transcript.js';

/** Renders the transcript as one self-contained HTML page (images inlined) in Discord's dark layout. */
export function transcriptHtml(transcript: Transcript, title: string): string {
  const body = transcript.entries.map(renderEntry).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  body { background: #313338; color: #dbdee1; font: 15px/1.4 "gg sans", "Helvetica Neue", Helvetica, Arial, sans-serif; margin: 0; }
  header { padding: 12px 16px; border-bottom: 1px solid #1f2023; font-weight: 600; color: #f2f3f5; }
  .message { display: flex; gap: 16px; padding: 6px 16px; }
  .message:hover { background: #2e3035; }
  .avatar { width: 40px; height: 40px; border-radius: 50%; flex: none; display: grid; place-items: center; font-weight: 700; color: #fff; }
  .author { font-weight: 600; color: #f2f3f5; }
  .bot-tag { background: #5865f2; color: #fff; font-size: 10px; border-radius: 3px; padding: 1px 4px; margin-left: 4px; vertical-align: 2px; }
  .meta { color: #949ba4; font-size: 12px; margin-left: 6px; }
  .action { color: #949ba4; font-size: 13px; font-style: italic; }
  .text { white-space: pre-wrap; word-break: break-word; }
  .ephemeral { color: #949ba4; font-size: 12px; margin-top: 2px; }
  .embed { border-left: 4px solid #5865f2; background: #2b2d31; border-radius: 4px; padding: 8px 16px 12px 12px; margin-top: 6px; max-width: 520px; }
  .embed-title { font-weight: 600; color: #f2f3f5; margin: 4px 0; }
  .fields { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; margin-top: 8px; }
  .field.wide { grid-column: 1 / -1; }
  .field-name { font-weight: 600; font-size: 13px; color: #f2f3f5; }
  .field-value { font-size: 14px; white-space: pre-wrap; }
  .embed img, .attachment img { max-width: 400px; border-radius: 4px; margin-top: 8px; display: block; }
  .footer { color: #949ba4; font-size: 12px; margin-top: 8px; }
</style>
</head>
<body>
<header># ${escapeHtml(title)}</header>
${body}
</body>
</html>
`;
}

function renderEntry(entry: TranscriptEntry): string {
  const colour = entry.bot ? '#5865f2' : '#3ba55c';
  const usedByEmbeds = new Set<string>();
  const embeds = entry.embeds.map((embed) => renderEmbed(embed, entry.images, usedByEmbeds)).join('');
  const attachments = entry.images
    .filter((image) => !usedByEmbeds.has(image.name))
    .map(
      (image) =>
        `<div class="attachment"><img alt="${escapeHtml(image.name)}" src="${dataUri(image)}"></div>`,
    )
    .join('');

  return `<div class="message">
  <div class="avatar" style="background:${colour}">${escapeHtml(entry.author.slice(0, 1).toUpperCase())}</div>
  <div>
    <div><span class="author">${escapeHtml(entry.author)}</span>${entry.bot ? '<span class="bot-tag">APP</span>' : ''}<span class="meta">+${(entry.at / 1000).toFixed(1)} s</span> <span class="action">${escapeHtml(entry.action)}</span></div>
    ${entry.text ? `<div class="text">${escapeHtml(entry.text)}</div>` : ''}
    ${embeds}${attachments}
    ${entry.ephemeral ? '<div class="ephemeral">Only you can see this</div>' : ''}
  </div>
</div>`;
}

function renderEmbed(embed: APIEmbed, images: TranscriptImage[], used: Set<string>): string {
  const colour = embed.color === undefined ? '#5865f2' : `#${embed.color.toString(16).padStart(6, '0')}`;
  const fields = (embed.fields ?? [])
    .map(
      (field) =>
        `<div class="field${field.inline ? '' : ' wide'}"><div class="field-name">${escapeHtml(field.name)}</div><div class="field-value">${escapeHtml(field.value)}</div></div>`,
    )
    .join('');
  const image = imageSource(embed.image?.url ?? embed.thumbnail?.url, images, used);

  return `<div class="embed" style="border-left-color:${colour}">
    ${embed.title ? `<div class="embed-title">${escapeHtml(embed.title)}</div>` : ''}
    ${embed.description ? `<div class="text">${escapeHtml(embed.description)}</div>` : ''}
    ${fields ? `<div class="fields">${fields}</div>` : ''}
    ${image ? `<img alt="" src="${image}">` : ''}
    ${embed.footer?.text ? `<div class="footer">${escapeHtml(embed.footer.text)}</div>` : ''}
  </div>`;
}

/** Inlines an `attachment://name` image from the message's files and keeps other https URLs. */
function imageSource(url: string | undefined, images: TranscriptImage[], used: Set<string>): string | null {
  if (!url) return null;

  const name = url.startsWith('attachment://')
    ? url.slice('attachment://'.length)
    : url.split('/').pop()?.split('?')[0];
  const image = images.find((candidate) => candidate.name === name);
  if (image) {
    used.add(image.name);
    return dataUri(image);
  }
  return url.startsWith('https://') ? escapeHtml(url) : null;
}

function dataUri(image: TranscriptImage): string {
  return `data:${image.contentType};base64,${image.data.toString('base64')}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
