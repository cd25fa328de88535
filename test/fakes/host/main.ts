/**
 * `npm run fake-host [-- --port N --upload-style ticket|direct --encoding-ms N]`:
 * runs the fake host on 127.0.0.1 until Ctrl-C and prints its URLs and two
 * accounts to try it with.
 */
import { parseArgs } from 'node:util';

import { FakeHost, type FakeAccount } from './fake-host.js';

interface CliOptions {
  port: number;
  uploadStyle: 'ticket' | 'direct';
  encodingDurationMs: number;
}

const USAGE = 'usage: fake-host [--port N] [--upload-style ticket|direct] [--encoding-ms N]';

function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      'upload-style': { type: 'string', default: 'ticket' },
      'encoding-ms': { type: 'string', default: '2000' },
    },
  });

  const port = Number(values.port);
  const encodingDurationMs = Number(values['encoding-ms']);
  const uploadStyle = values['upload-style'];
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid --port: ${values.port} (expected 0 to 65535). ${USAGE}`);
  }
  if (!Number.isInteger(encodingDurationMs) || encodingDurationMs < 0) {
    throw new Error(
      `Invalid --encoding-ms: ${values['encoding-ms']} (expected milliseconds, 0 or more). ${USAGE}`,
    );
  }
  if (uploadStyle !== 'ticket' && uploadStyle !== 'direct') {
    throw new Error(`Invalid --upload-style: ${uploadStyle} (expected ticket or direct). ${USAGE}`);
  }
  return { port, uploadStyle, encodingDurationMs };
}

/** Adds a second account with a folder, two encoded files and one still encoding. */
function addDemoAccount(host: FakeHost): { account: FakeAccount; fileIds: string[] } {
  const account = host.addAccount({ email: 'demo@example.com' });
  const folderId = host.addFolder(account.login, { name: 'holidays', description: 'Summer trips' });
  const fileIds = [
    host.addFile(account.login, { name: 'beach.mp4', height: 1080, views: 42 }),
    host.addFile(account.login, { name: 'mountains.mp4', folderId, height: 360, views: 7 }),
    host.addFile(account.login, { name: 'new-upload.mp4', folderId, height: 720, encoded: false }),
  ];
  return { account, fileIds };
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  const host = await FakeHost.start(options);
  const demo = addDemoAccount(host);

  console.log(`Fake host listening on ${host.origin}`);
  console.log(`  API URL:      ${host.apiUrl}`);
  console.log(`  upload URL:   ${host.uploadUrl} (${host.uploadStyle} style)`);
  console.log(
    `  example account (documented): login ${host.exampleAccount.login}  key ${host.exampleAccount.key}`,
  );
  console.log(`  demo account:                 login ${demo.account.login}  key ${demo.account.key}`);
  console.log(
    `    files: ${demo.fileIds.join(', ')} (the last one encodes for ${options.encodingDurationMs} ms per quality)`,
  );
  console.log('Press Ctrl-C to stop.');

  const stop = (): void => {
    void host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
