import { afterEach, describe, expect, it } from 'vitest';

import { FakeHost, type FakeAccount } from './host/fake-host.js';
import { apiGet, credentials, fixturePath, manualClock, uploadWithTicket } from './host-test-helpers.js';

interface QualityEntry {
  converted: string;
  locked: string;
  skipped: string;
  progress: string;
  label: string;
  created_timestamp: string;
  updated_timestamp: string;
}

interface ConvertsEntry {
  encoding_summary: string;
  is_playable: number;
  link: string;
  linkextid: string;
  encoding_status: QualityEntry[];
}

let host: FakeHost | undefined;

afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function startWithAccount(
  options: Parameters<typeof FakeHost.start>[0],
): Promise<[FakeHost, FakeAccount]> {
  host = await FakeHost.start(options);
  return [host, host.addAccount()];
}

async function converts(fake: FakeHost, account: FakeAccount, fileId: string): Promise<ConvertsEntry> {
  const response = await apiGet(fake, 'file/converts', { file: fileId }, account);
  expect(response.envelope.status).toBe(200);
  const entry = (response.envelope.result as Record<string, ConvertsEntry>)[fileId];
  if (entry === undefined) {
    throw new Error(`converts has no entry for ${fileId}: ${response.text}`);
  }
  return entry;
}

/** Returns each quality as `label:converted/skipped/progress`, compact enough to compare whole. */
function qualityStates(entry: ConvertsEntry): string[] {
  return entry.encoding_status.map(
    (quality) => `${quality.label}:${quality.converted}/${quality.skipped}/${quality.progress}`,
  );
}

async function uploadFixture(fake: FakeHost, account: FakeAccount, name: string): Promise<string> {
  const { upload } = await uploadWithTicket(fake, credentials(account), { path: fixturePath(name), name });
  return (upload.envelope.result as { id: string }).id;
}

describe('encoding of an uploaded 640x360 MP4', () => {
  it('skips 480p, 720p and 1080p and encodes 360p over time', async () => {
    const clock = manualClock();
    const [fake, account] = await startWithAccount({ now: clock.now, encodingDurationMs: 10_000 });
    const fileId = await uploadFixture(fake, account, 'testsrc-640x360.mp4');

    const start = await converts(fake, account, fileId);
    expect(fake.uploads()[0]).toMatchObject({ width: 640, height: 360 });
    expect(qualityStates(start)).toEqual(['360p:0/0/0', '480p:1/1/0', '720p:1/1/0', '1080p:1/1/0']);
    expect(start.encoding_summary).toBe('pending');
    expect(start.is_playable).toBe(0);
    expect(start.linkextid).toBe(fileId);
    expect(start.link).toBe(`${fake.origin}/v/${fileId}`);

    clock.advance(4_000);
    const middle = await converts(fake, account, fileId);
    expect(qualityStates(middle)).toEqual(['360p:0/0/40', '480p:1/1/0', '720p:1/1/0', '1080p:1/1/0']);
    expect(middle.encoding_status[0]?.locked).toBe('1');
    expect(middle.encoding_summary).toBe('pending');

    clock.advance(6_000);
    const done = await converts(fake, account, fileId);
    expect(qualityStates(done)).toEqual(['360p:1/0/100', '480p:1/1/0', '720p:1/1/0', '1080p:1/1/0']);
    expect(done.encoding_status[0]?.locked).toBe('0');
    expect(done.encoding_status[0]?.updated_timestamp).toBe(String(Math.floor(clock.now() / 1000)));
    expect(done.encoding_summary).toBe('success');
    expect(done.is_playable).toBe(1);
    expect(done.linkextid).toMatch(/^[A-Z0-9]{10}$/);
    expect(done.linkextid).not.toBe(fileId);
    expect(done.link).toBe(`${fake.origin}/v/${done.linkextid}`);
  });

  it('reports the available qualities in file/info', async () => {
    const [fake, account] = await startWithAccount({ encodingDurationMs: 0 });
    const fileId = await uploadFixture(fake, account, 'testsrc-640x360.mp4');
    const info = await apiGet(fake, 'file/info', { file: fileId }, account);
    const entry = (info.envelope.result as Record<string, { available_qualities: unknown }>)[fileId];

    expect(entry?.available_qualities).toEqual({
      '360p': true,
      '480p': false,
      '720p': false,
      '1080p': false,
    });
  });
});

describe('encoding simulation', () => {
  it('is done at once with encodingDurationMs 0', async () => {
    const [fake, account] = await startWithAccount({ encodingDurationMs: 0 });
    const fileId = await uploadFixture(fake, account, 'testsrc-640x360.mp4');

    expect((await converts(fake, account, fileId)).encoding_summary).toBe('success');
  });

  it('encodes qualities one after another', async () => {
    const clock = manualClock();
    const [fake, account] = await startWithAccount({ now: clock.now, encodingDurationMs: 1_000 });
    const fileId = fake.addFile(account.login, { name: 'tall.mp4', height: 1080, encoded: false });

    clock.advance(1_500);
    const entry = await converts(fake, account, fileId);

    expect(qualityStates(entry)).toEqual(['360p:1/0/100', '480p:0/0/50', '720p:0/0/0', '1080p:0/0/0']);
    expect(entry.encoding_summary).toBe('pending');
    expect(entry.is_playable).toBe(1);
  });

  it('completes on finishEncoding', async () => {
    const [fake, account] = await startWithAccount({ encodingDurationMs: 3_600_000 });
    const fileId = await uploadFixture(fake, account, 'testsrc-640x360.mp4');
    expect((await converts(fake, account, fileId)).encoding_summary).toBe('pending');

    fake.finishEncoding(fileId);
    const entry = await converts(fake, account, fileId);

    expect(entry.encoding_summary).toBe('success');
    expect(qualityStates(entry)[0]).toBe('360p:1/0/100');
  });

  it('completes every file on finishEncoding without an ID', async () => {
    const [fake, account] = await startWithAccount({ encodingDurationMs: 3_600_000 });
    const first = fake.addFile(account.login, { name: 'a.mp4', encoded: false });
    const second = fake.addFile(account.login, { name: 'b.mp4', encoded: false });

    fake.finishEncoding();

    expect((await converts(fake, account, first)).encoding_summary).toBe('success');
    expect((await converts(fake, account, second)).encoding_summary).toBe('success');
  });

  it('stops on failEncoding', async () => {
    const clock = manualClock();
    const [fake, account] = await startWithAccount({ now: clock.now, encodingDurationMs: 1_000 });
    const fileId = fake.addFile(account.login, { name: 'x.mp4', height: 480, encoded: false });
    clock.advance(1_250);

    fake.failEncoding(fileId);
    clock.advance(5_000);
    fake.finishEncoding(fileId);
    const entry = await converts(fake, account, fileId);

    expect(entry.encoding_summary).toBe('failed');
    expect(qualityStates(entry)).toEqual(['360p:1/0/100', '480p:0/0/25', '720p:1/1/0', '1080p:1/1/0']);
    expect(entry.linkextid).toBe(fileId);
  });

  it('fails an upload that is not a video', async () => {
    const [fake, account] = await startWithAccount({ encodingDurationMs: 0 });
    const { upload } = await uploadWithTicket(fake, credentials(account), {
      bytes: Buffer.from('plain text, no ftyp box'),
      name: 'notes.txt',
    });
    const fileId = (upload.envelope.result as { id: string }).id;
    const entry = await converts(fake, account, fileId);
    const splash = await apiGet(fake, 'file/getsplash', { file: fileId }, account);

    expect(fake.uploads()[0]).toMatchObject({ fileId, width: null, height: null });
    expect(entry.encoding_summary).toBe('failed');
    expect(entry.is_playable).toBe(0);
    expect(qualityStates(entry)).toEqual(['360p:0/0/0', '480p:0/0/0', '720p:0/0/0', '1080p:0/0/0']);
    expect(splash.envelope.result).toBe(false);
  });

  it('reads video track after audio track', async () => {
    const [fake, account] = await startWithAccount({ encodingDurationMs: 0 });
    const fileId = await uploadFixture(fake, account, 'testsrc-320x180-audio-first-moov-last.mp4');
    const entry = await converts(fake, account, fileId);

    expect(fake.uploads()[0]).toMatchObject({ width: 320, height: 180 });
    expect(qualityStates(entry)).toEqual(['360p:1/0/100', '480p:1/1/0', '720p:1/1/0', '1080p:1/1/0']);
  });

  it('uses encodingDurationMs set after start for new files', async () => {
    const clock = manualClock();
    const [fake, account] = await startWithAccount({ now: clock.now, encodingDurationMs: 0 });
    fake.encodingDurationMs = 2_000;
    const fileId = fake.addFile(account.login, { name: 'later.mp4', height: 360, encoded: false });
    clock.advance(500);

    expect(qualityStates(await converts(fake, account, fileId))[0]).toBe('360p:0/0/25');
  });
});
