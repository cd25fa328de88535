import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { redact } from '../../src/host/redact.js';
import { HostUrls, RequestUrl } from '../../src/host/request-url.js';
import { safeCause } from '../../src/host/safe-cause.js';

describe('redact', () => {
  test('credential parameters in a URL', () => {
    expect(
      redact('https://api.example/v2/file/info?login=5147a8f8e924bc82&key=Fa89_X13-37a8CKR&file=AB1'),
    ).toBe('https://api.example/v2/file/info?login=[redacted]&key=[redacted]&file=AB1');
  });

  test('credential parameters in text', () => {
    expect(redact('GET /bp/?Key=abc#x failed; key=def login=ghi')).toBe(
      'GET /bp/?Key=[redacted]#x failed; key=[redacted] login=[redacted]',
    );
  });

  test('names that only end in key are kept', () => {
    expect(redact('/x?apikey=1&monkey=2&keys=3')).toBe('/x?apikey=1&monkey=2&keys=3');
  });

  test('given secrets, raw and percent-encoded', () => {
    expect(redact('a s3cr/t b s3cr%2Ft c', ['s3cr/t'])).toBe('a [redacted] b [redacted] c');
  });

  test('empty secrets ignored', () => {
    expect(redact('abc', ['', 'b'])).toBe('a[redacted]c');
  });
});

describe('request URLs', () => {
  const urls = new HostUrls(new URL('https://api.example/v2/'), new URL('https://up.example/bp/'));
  const credentials = { login: 'LOGIN123', key: 'KEY456' };

  test('API URL with credentials first', () => {
    const url = urls.api('file/info', credentials, { file: 'AB1,CD2', mode: undefined });

    expect(url.reveal()).toBe('https://api.example/v2/file/info?login=LOGIN123&key=KEY456&file=AB1%2CCD2');
    expect(String(url)).toBe(
      'https://api.example/v2/file/info?login=[redacted]&key=[redacted]&file=AB1%2CCD2',
    );
    expect(JSON.stringify({ url })).toBe(
      '{"url":"https://api.example/v2/file/info?login=[redacted]&key=[redacted]&file=AB1%2CCD2"}',
    );
    expect(inspect(url)).not.toContain('KEY456');
    expect(inspect({ url }, { showHidden: true, depth: 5 })).not.toContain('KEY456');
  });

  test('upload URL', () => {
    expect(urls.upload(credentials, { folder: '26', sha1: undefined }).reveal()).toBe(
      'https://up.example/bp/?login=LOGIN123&key=KEY456&folder=26',
    );
  });

  test('host-issued ticket keeps only its origin visible', () => {
    const ticket = RequestUrl.issuedByHost(new URL('https://13abc37.example.com/ul/fCgaPthr_ys'));

    expect(String(ticket)).toBe('https://13abc37.example.com/[redacted]');
    expect(ticket.reveal()).toBe('https://13abc37.example.com/ul/fCgaPthr_ys');
  });
});

describe('safe cause', () => {
  test('copies name, code, message and stack, redacted', () => {
    const original = Object.assign(new TypeError('failed: /v2/x?login=L0G1N&key=K3Y'), {
      code: 'ECONNRESET',
      request: { url: '/v2/x?login=L0G1N&key=K3Y' },
    });
    original.cause = new Error('inner K3Y');

    const copy = safeCause(original, ['L0G1N', 'K3Y']);

    expect(copy.name).toBe('TypeError');
    expect(copy).toHaveProperty('code', 'ECONNRESET');
    expect(copy.message).toBe('failed: /v2/x?login=[redacted]&key=[redacted]');
    expect(copy.stack).toContain('TypeError: failed: /v2/x?login=[redacted]&key=[redacted]');
    expect((copy.cause as Error).message).toBe('inner [redacted]');
    expect(copy).not.toHaveProperty('request');
    expect(inspect(copy, { depth: 10, showHidden: true })).not.toMatch(/L0G1N|K3Y/);
  });

  test('non-error values', () => {
    expect(safeCause('key=abc', []).message).toBe('key=[redacted]');
  });
});
