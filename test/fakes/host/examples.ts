/**
 * The documented example responses, copied byte for byte into `examples/`.
 * The exact documented requests of the example account get these bytes
 * verbatim, as long as the model still renders the same result (a test that
 * deletes or changes a seeded file gets the model's result instead).
 */
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';

import type { HostEndpoint } from './endpoints.js';
import type { FakeAccount } from './model.js';

export interface DocumentedExample {
  endpoint: HostEndpoint;
  /** The parameters besides login and key that make the documented request, in each accepted spelling. */
  requests: ReadonlyArray<Record<string, string>>;
  bytes: Buffer;
  /** The parsed `result`, to compare with what the model renders. */
  result: unknown;
}

export type DocumentedExamples = ReadonlyMap<HostEndpoint, DocumentedExample>;

const EXAMPLE_FILES: ReadonlyArray<{
  endpoint: HostEndpoint;
  file: string;
  requests: Array<Record<string, string>>;
}> = [
  { endpoint: 'account/info', file: 'account-info.json', requests: [{}] },
  { endpoint: 'file/info', file: 'file-info.json', requests: [{ file: 'FXR1I5PIK1,FXQXRRATXY' }] },
  { endpoint: 'file/listfolder', file: 'listfolder.json', requests: [{}, { folder_id: '0' }, { mode: '0' }] },
  { endpoint: 'file/converts', file: 'converts.json', requests: [{ file: 'FXSNPOKMT4' }] },
  {
    endpoint: 'file/getsplash',
    file: 'getsplash.json',
    requests: [{ file: 'FXR1I5PIK1' }, { file: 'FXR1I5PIK1', splash: '0' }],
  },
  // NOTE: the documented ticket points at another host and expired in 2015. Only a ticket
  // request with nothing but login and key gets it. Any folder, sha1 or httponly parameter
  // gets a working ticket on the fake.
  { endpoint: 'upload', file: 'upload.json', requests: [{}] },
];

export async function loadExamples(): Promise<DocumentedExamples> {
  const examples = new Map<HostEndpoint, DocumentedExample>();

  for (const { endpoint, file, requests } of EXAMPLE_FILES) {
    const bytes = await readFile(new URL(`./examples/${file}`, import.meta.url));
    const envelope = JSON.parse(bytes.toString('utf8')) as { result: unknown };
    examples.set(endpoint, { endpoint, requests, bytes, result: envelope.result });
  }

  return examples;
}

/** Returns the parameters besides login and key, leaving out empty ones, which the host treats as absent. */
function documentedParameters(query: Record<string, string>): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name !== 'login' && name !== 'key' && value !== '') {
      parameters[name] = value;
    }
  }
  return parameters;
}

/** Returns the example when `query` is the documented request of the example account, else undefined. */
export function documentedExampleFor(
  examples: DocumentedExamples,
  endpoint: HostEndpoint,
  query: Record<string, string>,
  account: FakeAccount,
): DocumentedExample | undefined {
  const example = examples.get(endpoint);
  if (example === undefined || query.login !== account.login || query.key !== account.key) {
    return undefined;
  }

  const parameters = documentedParameters(query);
  return example.requests.some((request) => isDeepStrictEqual(request, parameters)) ? example : undefined;
}

/** Returns the example's bytes when the request is documented and `result` equals the documented one. */
export function documentedBytesFor(
  examples: DocumentedExamples,
  endpoint: HostEndpoint,
  query: Record<string, string>,
  account: FakeAccount,
  result: unknown,
): Buffer | undefined {
  const example = documentedExampleFor(examples, endpoint, query, account);
  return example !== undefined && isDeepStrictEqual(example.result, result) ? example.bytes : undefined;
}
