import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Durations of curl moving the same bytes as a relay, in milliseconds. */
export interface CurlTiming {
  downloadMs: number;
  /** `sha1sum` of the downloaded file. */
  hashMs: number;
  /** The ticket request (with `sha1`) and the multipart POST of the file to the ticket URL. */
  uploadMs: number;
}

/** Returns the baseline's whole time: download, `sha1sum`, ticket and upload. */
export function curlTotalMs(timing: CurlTiming): number {
  return timing.downloadMs + timing.hashMs + timing.uploadMs;
}

/**
 * Downloads `sourceUrl` to a file with curl, then uploads that file to the fake host with the
 * same requests as the bot. Those are `sha1sum` of the file, a GET on the upload URL for a ticket
 * with `sha1`, and a multipart POST (`-F file=@...`) to the ticket URL. The `sha1` parameter
 * makes the fake host verify the received bytes for curl as it does for the bot. The file is
 * deleted afterwards.
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

    const hashStart = performance.now();
    const sha1 = (await run('sha1sum', [file])).slice(0, 40);
    const hashMs = performance.now() - hashStart;
    if (!/^[0-9a-f]{40}$/.test(sha1)) throw new Error(`sha1sum printed no digest for ${file}: ${sha1}`);

    const uploadStart = performance.now();
    const ticketUrl = new URL(uploadUrl);
    ticketUrl.searchParams.set('login', credentials.login);
    ticketUrl.searchParams.set('key', credentials.key);
    ticketUrl.searchParams.set('sha1', sha1);
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

    return { downloadMs, hashMs, uploadMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function curl(args: string[]): Promise<string> {
  return run('curl', args);
}

/** Runs a program and returns its standard output; rejects with its standard error on a non-zero exit. */
function run(program: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            `${program} exited with code ${String(code)}: ${Buffer.concat(err).toString('utf8').trim()}`,
          ),
        );
    });
  });
}
