import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { endQuietlyOnClosedPipe } from '../../src/cli/closed-pipe.js';

const epipe = () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' });

describe('a command line tool whose reader went away (| head)', () => {
  it('ends quietly with exit 141 (as SIGPIPE) on EPIPE, and still throws any other stdout error', () => {
    const stream = new PassThrough();
    const codes: number[] = [];
    endQuietlyOnClosedPipe(stream, (code) => codes.push(code));
    stream.emit('error', epipe());
    expect(codes).toEqual([141]);
    expect(() => stream.emit('error', Object.assign(new Error('disk'), { code: 'EIO' }))).toThrow('disk');
  });

  it('npm run calendar -- show 2026 | head -c0: no stack trace, exit 141 (a pipefail script sees the cut)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/calendar.ts', 'show', '2026'], {
      env: { ...process.env, ITSS_CONFIG: 'config/example.zh-CN.yaml' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader closes its end before the first line arrives, as `head` does after its lines.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(141);
  }, 60_000);
});
