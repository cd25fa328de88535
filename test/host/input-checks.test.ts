import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Quality } from '../../src/host/types.js';
import { rejectionOf, startHarness, type Harness } from './support/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

beforeEach(() => {
  harness.fake.requests.length = 0;
});

afterAll(async () => {
  await harness.close();
});

const ids51 = Array.from({ length: 51 }, (_, n) => `FILE${n}`);

test.each([
  [
    '51 IDs',
    () => harness.client.fileInfo(ids51),
    'file/info',
    'ids',
    'Give at most 50 file IDs at once; you gave 51.',
  ],
  ['no IDs', () => harness.client.fileInfo([]), 'file/info', 'ids', 'Give at least one file ID.'],
  [
    'an ID with /',
    () => harness.client.fileInfo(['FXR1I5PIK1', '../account/info']),
    'file/info',
    'ids[1]',
    '"../account/info" is not a file ID: file IDs contain only letters and digits, like FXR1I5PIK1.',
  ],
  [
    'an ID with &',
    () => harness.client.converts('FX&key=x'),
    'file/converts',
    'fileId',
    '"FX&key=x" is not a file ID: file IDs contain only letters and digits, like FXR1I5PIK1.',
  ],
  [
    'an ID with / in the batch helper',
    () => harness.client.fileInfoAll([...ids51, 'A/B']),
    'file/info',
    'ids[51]',
    '"A/B" is not a file ID: file IDs contain only letters and digits, like FXR1I5PIK1.',
  ],
  [
    'splash 6',
    () => harness.client.splash('FXR1I5PIK1', 6),
    'file/getsplash',
    'index',
    'The splash index must be a whole number from 0 to 5, not 6.',
  ],
  [
    'splash 1.5',
    () => harness.client.splash('FXR1I5PIK1', 1.5),
    'file/getsplash',
    'index',
    'The splash index must be a whole number from 0 to 5, not 1.5.',
  ],
  [
    'quality 4k',
    () => harness.client.converts('FXR1I5PIK1', '4k' as Quality),
    'file/converts',
    'quality',
    'The quality must be 360p, 480p, 720p or 1080p, not "4k".',
  ],
  [
    'folder ID with letters',
    () => harness.client.listFolder({ folderId: '26a' }),
    'file/listfolder',
    'folderId',
    '"26a" is not a folder ID: folder IDs contain only digits, like 26.',
  ],
  [
    'upload folder ID with &',
    () => harness.client.upload({ path: '/nonexistent', name: 'a.mp4', size: 1, folderId: '1&x=2' }),
    'upload',
    'folderId',
    '"1&x=2" is not a folder ID: folder IDs contain only digits, like 26.',
  ],
  [
    'upload of a missing file',
    () => harness.client.upload({ path: '/nonexistent/file.mp4', name: 'a.mp4', size: 10 }),
    'upload',
    'path',
    'The bot could not read the file it was about to upload. Try the upload again.',
  ],
  [
    'upload with a bad SHA-1',
    () => harness.client.upload({ path: '/nonexistent', name: 'a.mp4', size: 10, sha1: 'abc' }),
    'upload',
    'sha1',
    'The bot computed an invalid SHA-1 for this file; tell its operator.',
  ],
  [
    'upload name with a line break',
    () => harness.client.upload({ path: '/nonexistent', name: 'a\r\nb.mp4', size: 10 }),
    'upload',
    'name',
    'The file name must be 1 to 255 characters, without line breaks or control characters.',
  ],
])('%s rejected before any request', async (_case, run, endpoint, field, userMessage) => {
  const error = await rejectionOf(run());

  expect(error.code).toBe('HOST_INVALID_INPUT');
  expect(error.endpoint).toBe(endpoint);
  expect(error).toHaveProperty('field', field);
  expect(error.userMessage).toBe(userMessage);
  expect(harness.fake.requests).toHaveLength(0);
});

test('credentials with a space rejected before any request', async () => {
  const client = harness.connection.forUser({ login: 'f00dfacecafe4321', key: 'has space' });
  const error = await rejectionOf(client.accountInfo());

  expect(error.code).toBe('HOST_INVALID_INPUT');
  expect(error).toHaveProperty('field', 'key');
  expect(error.message).not.toContain('has space');
  expect(harness.fake.requests).toHaveLength(0);
});

test('upload size differing from the file rejected', async () => {
  const error = await rejectionOf(
    harness.client.upload({ path: new URL(import.meta.url).pathname, name: 'a.mp4', size: 1 }),
  );

  expect(error.code).toBe('HOST_INVALID_INPUT');
  expect(error).toHaveProperty('field', 'size');
  expect(harness.fake.requests).toHaveLength(0);
});
