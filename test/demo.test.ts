import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('npm run demo', () => {
  it('plays a member session to the encoding notice', { timeout: 90_000 }, async () => {
    // A directory of its own, so the test never replaces the transcript of a newcomer's `npm run demo`.
    const outputDir = await mkdtemp(path.join(tmpdir(), 'demo-test-'));
    const { stdout } = await run('npm', ['run', '--silent', 'demo'], {
      cwd: ROOT,
      timeout: 80_000,
      env: { ...process.env, DEMO_OUTPUT_DIR: outputDir },
    });

    expect(stdout).toContain('alice used /login');
    expect(stdout).toContain('Your video host account is linked.');
    expect(stdout).toMatch(
      /Uploaded testsrc-640x360\.mp4 \(95\.2 KB\) to the host as file `([A-Z0-9]{10})`: http:\/\/127\.0\.0\.1:\d+\/v\/\1\n/,
    );
    expect(stdout).toMatch(/posted in the channel\n\s+@alice /);
    expect(stdout).toMatch(/\[attached [\w.-]+\.jpg, \d+ bytes\]/);
    expect(stdout).toContain('Demo finished.');

    const html = await readFile(path.join(outputDir, 'transcript.html'), 'utf8');
    expect(html).toContain('data:image/jpeg;base64,');
    expect(html).toContain('testsrc-640x360.mp4');
    const log = await readFile(path.join(outputDir, 'bot.log'), 'utf8');
    expect(log).toContain('"msg":"bot ready"');
    expect(stdout).toMatch(/API login: •+\n\s+API key: •+/);
    await rm(outputDir, { recursive: true, force: true });
  });
});
