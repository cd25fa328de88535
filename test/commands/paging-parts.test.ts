import type { APIEmbed } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { escapeHostText, hostText, truncate } from '../../src/discord/embeds/host-text.js';
import { convertsEmbed, progressBar } from '../../src/discord/embeds/converts-embed.js';
import { fileProblemEmbeds } from '../../src/discord/embeds/file-problems-embed.js';
import { checkEmbedLimits, embedLength, fitEmbeds } from '../../src/discord/embeds/fit-embeds.js';
import { folderPageCount, folderPageEmbed } from '../../src/discord/embeds/folder-embed.js';
import { parseFileIdList } from '../../src/discord/file-id-list.js';
import { filePageLink, shownLink } from '../../src/discord/file-link.js';
import { fileIdsInRange, pageStartsOf } from '../../src/discord/file-pages.js';
import { pagerRows, parsePage } from '../../src/discord/pager.js';
import type { FolderFile, QualityStatus } from '../../src/host/types.js';

function embedOfLength(length: number): APIEmbed {
  return { description: 'x'.repeat(length) };
}

describe('fitEmbeds', () => {
  it('puts at most 10 embeds in a message', () => {
    const pages = fitEmbeds(Array.from({ length: 23 }, () => embedOfLength(10)));

    expect(pages.map((page) => page.length)).toEqual([10, 10, 3]);
  });

  it('starts a new message before 6,000 characters are passed', () => {
    const pages = fitEmbeds([
      embedOfLength(2500),
      embedOfLength(2500),
      embedOfLength(1001),
      embedOfLength(999),
    ]);

    expect(pages.map((page) => page.map(embedLength))).toEqual([
      [2500, 2500],
      [1001, 999],
    ]);
  });

  it('fills a message to exactly 6,000 characters', () => {
    expect(fitEmbeds([embedOfLength(3000), embedOfLength(3000)])).toHaveLength(1);
  });

  it('counts title, description, fields, footer and author', () => {
    const embed: APIEmbed = {
      title: 'ab',
      description: 'cde',
      fields: [{ name: 'f', value: 'gh' }],
      footer: { text: 'ijkl' },
      author: { name: 'm' },
      url: 'https://not.counted.example',
    };

    expect(embedLength(embed)).toBe(13);
  });

  it.each([
    ['title', { title: 'x'.repeat(257) }],
    ['description', { description: 'x'.repeat(4097) }],
    ['fields', { fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }],
    ['fields[0].value', { fields: [{ name: 'n', value: 'x'.repeat(1025) }] }],
    ['footer', { footer: { text: 'x'.repeat(2049) } }],
    ['total', { title: 'x'.repeat(256), description: 'x'.repeat(4096), footer: { text: 'x'.repeat(2000) } }],
  ] as Array<[string, APIEmbed]>)('rejects an embed whose %s is too long', (part, embed) => {
    expect(() => checkEmbedLimits(embed)).toThrow(
      new RegExp(`^Embed ${part.replace(/[[\].]/g, '\\$&')} has`),
    );
    expect(() => fitEmbeds([embed])).toThrow(RangeError);
  });

  it('gives no message for no embeds', () => {
    expect(fitEmbeds([])).toEqual([]);
  });
});

describe('parseFileIdList', () => {
  it('splits on commas, spaces and line breaks, keeping first positions', () => {
    expect(parseFileIdList(' B1,A2  B1\nC3,,A2\t')).toEqual({
      ids: ['B1', 'A2', 'C3'],
      invalid: [],
      duplicates: 2,
    });
  });

  it('takes the ID from a link to a file page', () => {
    expect(parseFileIdList('https://www.bitporno.com/v/FXR1I5PIK1 FXR1I5PIK1').ids).toEqual(['FXR1I5PIK1']);
  });

  it('lists junk once each, in order', () => {
    expect(parseFileIdList('a-b x a-b ü').invalid).toEqual(['a-b', 'ü']);
  });

  it('rejects IDs longer than 64 characters', () => {
    expect(parseFileIdList('A'.repeat(65)).invalid).toHaveLength(1);
    expect(parseFileIdList('A'.repeat(64)).ids).toHaveLength(1);
  });
});

describe('file page links', () => {
  it('uses the www site of an api host, as the host links pages', () => {
    expect(filePageLink('https://api.bitporno.com/v2', 'FXR1I5PIK1')).toBe(
      'https://www.bitporno.com/v/FXR1I5PIK1',
    );
  });

  it('keeps any other host and its port', () => {
    expect(filePageLink('http://127.0.0.1:8080/v2', 'AB')).toBe('http://127.0.0.1:8080/v/AB');
  });

  it('replaces a host link that could break the message', () => {
    expect(shownLink('https://x.example/v/AB)[y](z', 'https://api.h.example/v2', 'AB')).toBe(
      'https://www.h.example/v/AB',
    );
    expect(shownLink('https://x.example/v/AB', 'https://api.h.example/v2', 'AB')).toBe(
      'https://x.example/v/AB',
    );
  });
});

describe('file page ranges', () => {
  it('starts each page after the items of the pages before', () => {
    expect(pageStartsOf([[{}, {}], [{}], [{}, {}, {}]])).toEqual([0, 2, 3]);
  });

  it('skips the problem embeds before the files', () => {
    expect(fileIdsInRange(['a', 'b', 'c', 'd'], 2, 0, 3)).toEqual(['a']);
    expect(fileIdsInRange(['a', 'b', 'c', 'd'], 2, 3, 6)).toEqual(['b', 'c', 'd']);
    expect(fileIdsInRange(['a', 'b'], 2, 0, 2)).toEqual([]);
  });

  it('splits a long problem list into embeds within the description limit', () => {
    const problems = Array.from({ length: 200 }, (_, index) => ({
      subject: `ID${String(index).padStart(8, '0')}`,
      reason: 'not found on the host',
    }));

    const embeds = fileProblemEmbeds(problems);

    expect(embeds.length).toBeGreaterThan(1);
    for (const embed of embeds) checkEmbedLimits(embed);
    expect(embeds.flatMap((embed) => embed.description?.split('\n') ?? [])).toHaveLength(200);
  });
});

describe('pager', () => {
  const id = (page: number) => `p:${page}`;

  it('shows no buttons for one page', () => {
    expect(pagerRows(id, 0, 1)).toEqual([]);
  });

  it('keeps both custom IDs distinct at either end', () => {
    for (const page of [0, 1, 2]) {
      const [row] = pagerRows(id, page, 3);
      const ids = row?.components.map((button) => ('custom_id' in button ? button.custom_id : ''));
      expect(new Set(ids).size).toBe(2);
    }
  });

  it('reads only whole page numbers', () => {
    expect(parsePage('12')).toBe(12);
    expect(parsePage('-1')).toBeNull();
    expect(parsePage('1e3')).toBeNull();
    expect(parsePage(undefined)).toBeNull();
  });
});

describe('folder pages', () => {
  function file(index: number, name: string, description = ''): FolderFile {
    return {
      id: `F${index}`,
      name,
      description,
      folderId: null,
      uploadedAt: 1_600_000_000_000,
      lastAt: null,
      status: 1,
      views: 1,
      link: `https://www.h.example/v/F${index}`,
    };
  }

  it('stays within the limits with the longest names and descriptions', () => {
    const files = Array.from({ length: 30 }, (_, index) => file(index, '*'.repeat(300), '_'.repeat(5000)));
    const listing = { folders: [], files };

    expect(folderPageCount(listing)).toBe(3);
    for (let page = 0; page < 3; page += 1) {
      const embed = folderPageEmbed(listing, {
        folderId: '1',
        recent: false,
        page,
        apiUrl: 'https://api.h.example',
      });
      checkEmbedLimits(embed);
      expect(embed.fields).toHaveLength(10);
    }
  });

  it('shows the last page for a page past the end', () => {
    const listing = { folders: [], files: [file(1, 'only.mp4')] };

    const embed = folderPageEmbed(listing, {
      folderId: undefined,
      recent: false,
      page: 7,
      apiUrl: 'https://api.h.example',
    });

    expect(embed.fields?.map((field) => field.name)).toEqual(['only.mp4']);
  });
});

describe('converts embed', () => {
  it.each([
    [0, '▱▱▱▱▱▱▱▱▱▱ 0 %'],
    [30, '▰▰▰▱▱▱▱▱▱▱ 30 %'],
    [57.5, '▰▰▰▰▰▱▱▱▱▱ 57.5 %'],
    [99, '▰▰▰▰▰▰▰▰▰▱ 99 %'],
    [100, '▰▰▰▰▰▰▰▰▰▰ 100 %'],
  ])('draws %s percent as %s', (percent, bar) => {
    expect(progressBar(percent)).toBe(bar);
  });

  it('counts a skipped quality as skipped even when the host says converted', () => {
    const quality: QualityStatus = {
      label: '720p',
      progress: 0,
      converted: true,
      skipped: true,
      locked: false,
      retries: 1,
      done: false,
      codecId: '87',
      jobId: '1',
      createdAt: null,
      updatedAt: null,
    };

    const embed = convertsEmbed(
      { fileId: 'A1', summary: 'success', playable: true, link: null, linkId: null, qualities: [quality] },
      'https://api.h.example/v2',
    );

    expect(embed.fields).toEqual([{ name: '720p', value: 'skipped · 1 retry', inline: true }]);
    expect(embed.description).toBe('Summary: success\nPlayable: yes\nLink: https://www.h.example/v/A1');
  });
});

describe('hostText', () => {
  it.each([
    ['short text', '  **a** @everyone  ', 20],
    ['text one past the limit', '_'.repeat(11), 10],
    ['text that escaping pushes past the limit', '_'.repeat(6), 10],
    ['leading spaces', `${' '.repeat(50)}abc`, 10],
    ['a long cut', `${'x'.repeat(30)}**${'y'.repeat(30)}`, 40],
  ])('matches escaping the whole text for %s', (_case, text, max) => {
    expect(hostText(text, max)).toBe(truncate(escapeHostText(text.trim()), max));
  });

  it('cuts a very long text to the limit with an ellipsis', () => {
    const shown = hostText('_'.repeat(100_000), 150);

    // The cut may drop one more character so as not to leave half an escape.
    expect(shown.length).toBeGreaterThanOrEqual(149);
    expect(shown.length).toBeLessThanOrEqual(150);
    expect(shown.endsWith('…')).toBe(true);
  });
});
