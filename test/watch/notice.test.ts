import { describe, expect, it } from 'vitest';
import { watchNoticeMessage } from '../../src/discord/watch-notice-message.js';
import { buildNotice, TEXT_ONLY_NOTE } from '../../src/watch/notice.js';
import { applyPollResult } from '../../src/watch/poll-outcome.js';
import { noticeNonce, type Watch, watchSchema } from '../../src/watch/watch-record.js';

const USER = '111111111111111111';
const CREATED = 1_800_000_000_000;
const API_URL = 'https://api.example.com/v2';

function watch(fields: Partial<Watch> = {}): Watch {
  return watchSchema.parse({
    v: 1,
    fileId: 'FXR1I5PIK1',
    userId: USER,
    guildId: '222222222222222222',
    channelId: '333333333333333333',
    fileName: 'clip.mp4',
    source: 'watch',
    nonce: noticeNonce('FXR1I5PIK1', USER, CREATED),
    createdAt: CREATED,
    deadlineAt: CREATED + 86_400_000,
    nextPollAt: CREATED + 15_000,
    attempts: 0,
    lastPolledAt: null,
    seen: null,
    finished: null,
    notice: { state: 'none' },
    ...fields,
  });
}

const converts = {
  at: CREATED + 300_000,
  summary: 'success',
  playable: true,
  link: 'https://www.example.com/v/VXSNPOKMT3',
  qualities: [
    {
      label: '360p',
      progress: 100,
      converted: true,
      skipped: false,
      done: true,
      createdAt: CREATED,
      updatedAt: CREATED + 60_000,
    },
    {
      label: '480p',
      progress: 100,
      converted: true,
      skipped: false,
      done: true,
      createdAt: CREATED,
      updatedAt: CREATED + 252_000,
    },
    {
      label: '1080p',
      progress: 0,
      converted: true,
      skipped: true,
      done: false,
      createdAt: CREATED,
      updatedAt: CREATED,
    },
  ],
};

const finishedDone = () =>
  watch({
    seen: { at: CREATED + 300_000, available: { '360p': true, '480p': true, '1080p': false }, converts },
    finished: { outcome: 'done', at: CREATED + 300_000 },
    notice: { state: 'pending', attempts: 0 },
  });

describe('noticeNonce', () => {
  it('is stable and within 25 characters', () => {
    const nonce = noticeNonce('FXR1I5PIK1', USER, CREATED);

    expect(nonce).toHaveLength(24);
    expect(noticeNonce('FXR1I5PIK1', USER, CREATED)).toBe(nonce);
    expect(noticeNonce('FXR1I5PIK1', USER, CREATED + 1)).not.toBe(nonce);
  });
});

describe('buildNotice', () => {
  it('describes a finished encoding in detail', () => {
    const notice = buildNotice(finishedDone(), {
      detailed: true,
      image: { kind: 'attachment', fileName: 'splash.jpg' },
    });

    expect(notice.headline).toBe('your video finished encoding.');
    expect(notice.fileName).toBe('clip.mp4');
    expect(notice.link).toBe('https://www.example.com/v/VXSNPOKMT3');
    expect(notice.lines).toEqual(['File FXR1I5PIK1 is ready. Encoding took 4 min.']);
    expect(notice.qualities).toEqual([
      { label: '360p', state: 'ready' },
      { label: '480p', state: 'ready' },
      { label: '1080p', state: 'skipped (not produced for this source)' },
    ]);
    expect(notice.image).toEqual({ kind: 'attachment', fileName: 'splash.jpg' });
  });

  it('leaves out name and image when not detailed', () => {
    const notice = buildNotice(finishedDone(), {
      detailed: false,
      image: { kind: 'url', url: 'https://x.test/a.jpg' },
    });

    expect(notice.fileName).toBeNull();
    expect(notice.image).toBeNull();
    expect(notice.lines.at(-1)).toBe(TEXT_ONLY_NOTE);
  });

  it('shows progress of an expired watch', () => {
    const running = {
      ...converts,
      summary: 'pending',
      playable: false,
      qualities: [{ ...converts.qualities[0]!, progress: 37.8, converted: false, done: false }],
    };
    const notice = buildNotice(
      watch({
        seen: { at: CREATED, available: {}, converts: running },
        finished: { outcome: 'expired', at: CREATED + 86_400_000 },
        notice: { state: 'pending', attempts: 0 },
      }),
      { detailed: true, image: null },
    );

    expect(notice.headline).toMatch(/still encoding at the deadline/);
    expect(notice.lines[0]).toBe(
      'File FXR1I5PIK1 was watched for 24 h and had not finished encoding. Run /watch to watch it again.',
    );
    expect(notice.qualities).toEqual([{ label: '360p', state: '37 %' }]);
  });

  it('falls back to availability without converts', () => {
    const notice = buildNotice(
      watch({
        seen: { at: CREATED, available: { '360p': true, '480p': false }, converts: null },
        finished: { outcome: 'failed', at: CREATED + 1000 },
        notice: { state: 'pending', attempts: 0 },
      }),
      { detailed: true, image: null },
    );

    expect(notice.qualities).toEqual([
      { label: '360p', state: 'ready' },
      { label: '480p', state: 'not ready' },
    ]);
  });

  it('gives a gone file no link, qualities or image', () => {
    const notice = buildNotice(
      watch({ finished: { outcome: 'gone', at: CREATED + 1000 }, notice: { state: 'pending', attempts: 0 } }),
      { detailed: true, image: { kind: 'url', url: 'https://x.test/a.jpg' } },
    );

    expect(notice.link).toBeNull();
    expect(notice.qualities).toEqual([]);
    expect(notice.image).toBeNull();
  });

  it('refuses an open watch', () => {
    expect(() => buildNotice(watch(), { detailed: true, image: null })).toThrow(/no outcome/);
  });
});

describe('watchNoticeMessage', () => {
  it('mentions only the user and enforces the nonce', () => {
    const source = finishedDone();
    const notice = buildNotice(source, {
      detailed: true,
      image: { kind: 'attachment', fileName: 'splash.jpg' },
    });
    const file = { name: 'splash.jpg', data: Buffer.from('x'), contentType: 'image/jpeg' };

    const body = watchNoticeMessage(notice, [file], source.nonce, API_URL);

    expect(body.content).toBe(`<@${USER}> your video finished encoding.`);
    expect(body.allowed_mentions).toEqual({ parse: [], users: [USER] });
    expect(body.nonce).toBe(source.nonce);
    expect(body.enforce_nonce).toBe(true);
    expect(body.attachments).toEqual([{ id: 0, filename: 'splash.jpg' }]);
    expect(body.embeds?.[0]?.image).toEqual({ url: 'attachment://splash.jpg' });
    expect(body.embeds?.[0]?.url).toBe('https://www.example.com/v/VXSNPOKMT3');
    expect(body.embeds?.[0]?.footer).toEqual({ text: `Notice ref. ${source.nonce}` });
  });

  it('escapes and trims a hostile file name', () => {
    const hostile = `@everyone **${'x'.repeat(400)}**`;
    const notice = buildNotice({ ...finishedDone(), fileName: hostile }, { detailed: true, image: null });

    const title = watchNoticeMessage(notice, [], 'n', API_URL).embeds?.[0]?.title ?? '';

    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.startsWith('@\u200beveryone \\*\\*')).toBe(true);
    expect(title.endsWith('…')).toBe(true);
  });

  it('titles a text-only notice with the file ID', () => {
    const notice = buildNotice(finishedDone(), { detailed: false, image: null });
    const body = watchNoticeMessage(notice, [], 'n', API_URL);

    expect(body.embeds?.[0]?.title).toBe('File FXR1I5PIK1');
    expect(JSON.stringify(body)).not.toContain('clip.mp4');
    expect(body.embeds?.[0]?.image).toBeUndefined();
  });

  it('replaces an unsafe link with the page link', () => {
    const unsafe = { ...finishedDone() };
    unsafe.seen = { ...unsafe.seen!, converts: { ...converts, link: 'https://evil.test/a)(b' } };
    const notice = buildNotice(unsafe, { detailed: true, image: null });

    expect(watchNoticeMessage(notice, [], 'n', API_URL).embeds?.[0]?.url).toBe(
      'https://www.example.com/v/FXR1I5PIK1',
    );
  });
});

describe('applyPollResult', () => {
  const context = { now: CREATED + 20_000, limits: { minMs: 15_000, maxMs: 300_000 }, random: () => 0.5 };
  const seen = { at: CREATED + 20_000, available: { '360p': false }, converts: null };

  it('schedules the next poll with backoff', () => {
    const next = applyPollResult(
      watch(),
      { kind: 'polled', seen, fileName: 'new.mp4', verdict: 'pending', convertsReason: 'first-poll' },
      context,
    );

    expect(next.attempts).toBe(1);
    expect(next.lastPolledAt).toBe(CREATED + 20_000);
    expect(next.nextPollAt).toBe(CREATED + 20_000 + 22_500);
    expect(next.fileName).toBe('new.mp4');
    expect(next.finished).toBeNull();
  });

  it('finishes done and failed files', () => {
    for (const verdict of ['done', 'failed'] as const) {
      const next = applyPollResult(
        watch(),
        { kind: 'polled', seen, fileName: 'a', verdict, convertsReason: 'first-poll' },
        context,
      );
      expect(next.finished).toEqual({ outcome: verdict, at: CREATED + 20_000 });
      expect(next.notice).toEqual({ state: 'pending', attempts: 0 });
    }
  });

  it('never schedules past the deadline', () => {
    const near = watch({ deadlineAt: CREATED + 25_000 });
    const next = applyPollResult(near, { kind: 'error', error: new Error('down') }, context);

    expect(next.nextPollAt).toBe(CREATED + 25_000);
    expect(next.finished).toBeNull();
  });

  it('expires a pending file at the deadline', () => {
    const due = watch({ deadlineAt: CREATED + 20_000 });
    const next = applyPollResult(
      due,
      { kind: 'polled', seen, fileName: 'a', verdict: 'pending', convertsReason: null },
      context,
    );

    expect(next.finished).toEqual({ outcome: 'expired', at: CREATED + 20_000 });
    expect(next.seen).toEqual(seen);
  });

  it('does not count a deferred poll', () => {
    const next = applyPollResult(watch({ attempts: 3 }), { kind: 'deferred', retryInMs: 700 }, context);

    expect(next.attempts).toBe(3);
    expect(next.nextPollAt).toBe(CREATED + 20_700);
  });

  it('marks a missing file gone', () => {
    const next = applyPollResult(watch(), { kind: 'gone', reason: 'HOST_NOT_FOUND' }, context);
    expect(next.finished?.outcome).toBe('gone');
  });
});
