import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Durations of curl moving the same bytes as a relay, in milliseconds. */
export interface CurlTiming {
  downloadMs: number;
  /** The ticket request and the multipart POST of the file to the ticket URL. */
  uploadMs: number;
}

/**
 * Downloads `sourceUrl` to a file with curl, then uploads that file to the fake host as the bot
 * does: a GET on the upload URL for a ticket, then a multipart POST (`-F file=@...`) to the
 * ticket URL. The file is deleted afterwards.
 */
export async function curlDownloadThenUpload(
  sourceUrl: string,
  uploadUrl: string,
  credentials: { login: string; key: string },
  fileName: string,
): Promise<CurlTiming> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-curl-'));
  const file = path.join(dir, fileName);

  try {
    const downloadStart = performance.now();
    await curl(['--fail', '--silent', '--show-error', '--output', file, sourceUrl]);
    const downloadMs = performance.now() - downloadStart;

    const uploadStart = performance.now();
    const ticketUrl = new URL(uploadUrl);
    ticketUrl.searchParams.set('login', credentials.login);
    ticketUrl.searchParams.set('key', credentials.key);
    const ticket = JSON.parse(await curl(['--fail', '--silent', '--show-error', ticketUrl.href])) as {
      result?: { url?: string };
    };
    const postUrl = ticket.result?.url;
    if (postUrl === undefined) throw new Error(`The fake host gave no ticket URL: ${JSON.stringify(ticket)}`);

    const answer = await curl(['--fail', '--silent', '--show-error', '-F', `file=@${file}`, postUrl]);
    const uploadMs = performance.now() - uploadStart;
    if ((JSON.parse(answer) as { status?: unknown }).status !== 200) {
      throw new Error(`The fake host rejected curl's upload: ${answer.slice(0, 300)}`);
    }

    return { downloadMs, uploadMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs curl and returns its standard output; rejects with its standard error on a non-zero exit. */
function curl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(`curl exited with code ${String(code)}: ${Buffer.concat(err).toString('utf8').trim()}`),
        );
    });
  });
}
