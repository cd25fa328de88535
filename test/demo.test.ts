import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('npm run demo', () => {
  it('plays a member session to the encoding notice', { timeout: 90_000 }, async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'demo'], { cwd: ROOT, timeout: 80_000 });

    expect(stdout).toContain('alice used /login');
    expect(stdout).toContain('Your video host account is linked.');
    expect(stdout).toMatch(/Uploaded testsrc-640x360\.mp4 \(95\.2 KB\) to the host as file `[A-Z0-9]{10}`/);
    expect(stdout).toMatch(/posted in the channel\n\s+@alice /);
    expect(stdout).toMatch(/\[attached [\w.-]+\.jpg, \d+ bytes\]/);
    expect(stdout).toContain('Demo finished.');

    const html = await readFile(path.join(ROOT, 'demo-output/transcript.html'), 'utf8');
    expect(html).toContain('data:image/jpeg;base64,');
    expect(html).toContain('testsrc-640x360.mp4');
    const log = await readFile(path.join(ROOT, 'demo-output/bot.log'), 'utf8');
    expect(log).toContain('"msg":"bot ready"');
  });
});
