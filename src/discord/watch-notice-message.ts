import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Notice } from '../watch/notice.js';
import type { NoticeFile } from '../watch/notifier.js';
import { checkEmbedLimits } from './embeds/fit-embeds.js';
import { hostText } from './embeds/host-text.js';
import { EMBED_LIMITS } from './embeds/limits.js';
import { shownLink } from './file-link.js';

const COLORS: Record<Notice['outcome'], number> = {
  done: 0x2e7d32,
  failed: 0xc62828,
  expired: 0xf9a825,
  gone: 0x757575,
};

/**
 * Renders a watch notice as a message body: one embed, host text escaped and
 * cut to Discord's limits, and mentions limited to the watch's user. The
 * nonce is enforced so a resend after a crash returns the first message.
 */
export function watchNoticeMessage(
  notice: Notice,
  files: readonly NoticeFile[],
  nonce: string,
  apiUrl: string,
): RESTPostAPIChannelMessageJSONBody {
  const embed = noticeEmbed(notice, apiUrl);
  checkEmbedLimits(embed);

  return {
    content: `<@${notice.userId}> ${notice.headline}`,
    embeds: [embed],
    allowed_mentions: { parse: [], users: [notice.userId] },
    nonce,
    enforce_nonce: true,
    attachments: files.map((file, index) => ({ id: index, filename: file.name })),
  };
}

function noticeEmbed(notice: Notice, apiUrl: string): APIEmbed {
  const name = notice.fileName === null ? '' : hostText(notice.fileName, EMBED_LIMITS.title);
  const embed: APIEmbed = {
    title: name === '' ? `File ${notice.fileId}` : name,
    description: notice.lines.join('\n'),
    color: COLORS[notice.outcome],
    fields: notice.qualities.slice(0, EMBED_LIMITS.fields).map((quality) => ({
      name: hostText(quality.label, EMBED_LIMITS.fieldName) || '(no label)',
      value: quality.state,
      inline: true,
    })),
    footer: { text: notice.marker },
  };

  if (notice.outcome !== 'gone') embed.url = shownLink(notice.link, apiUrl, notice.fileId);

  if (notice.image?.kind === 'attachment') embed.image = { url: `attachment://${notice.image.fileName}` };
  else if (notice.image?.kind === 'url') embed.image = { url: notice.image.url };

  return embed;
}
