import { describe, expect, it } from 'vitest';
import { escapeHostText, hostText, truncate } from '../../src/discord/embeds/host-text.js';

describe('escapeHostText', () => {
  it('breaks everyone and here mentions', () => {
    expect(escapeHostText('hi @everyone and @here')).toBe('hi @\u200beveryone and @\u200bhere');
  });

  it('breaks user, role and channel mentions', () => {
    expect(escapeHostText('<@123> <@&456> <#789>')).toBe('<\u200b@123> <\u200b@&456> <\u200b#789>');
  });

  it('escapes markdown', () => {
    expect(escapeHostText('**bold** _it_ `code` [x](https://e.x)')).toBe(
      // An escaped `[` is enough to stop the masked link from rendering.
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[x](https://e.x)',
    );
  });

  it('removes control characters but keeps line breaks', () => {
    expect(escapeHostText('a\u0000b\u0007c\nd\te')).toBe('abc\nd\te');
  });
});

describe('truncate', () => {
  it('leaves short text alone', () => {
    expect(truncate('short', 10)).toBe('short');
  });

  it('cuts with an ellipsis to exactly the limit', () => {
    const cut = truncate('x'.repeat(300), 256);

    expect(cut).toHaveLength(256);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('does not split a surrogate pair', () => {
    const cut = truncate(`${'a'.repeat(8)}😀😀`, 10);

    expect(cut).toBe(`${'a'.repeat(8)}…`);
  });

  it('does not leave a dangling escape', () => {
    expect(truncate('abcdefgh\\*rest', 10)).toBe('abcdefgh…');
  });
});

describe('hostText', () => {
  it('escapes a long hostile name within the limit', () => {
    const name = `@everyone <@&123> **${'a'.repeat(300)}**`;
    const text = hostText(name, 256);

    expect(text).toHaveLength(256);
    expect(text).not.toContain('@everyone');
    expect(text).not.toContain('<@&');
  });
});

describe('escapeHostText block markdown', () => {
  it('escapes headings and lists', () => {
    expect(escapeHostText('# Title\n- item\n1. first')).toBe('\\# Title\n\\- item\n1\\. first');
  });
});
