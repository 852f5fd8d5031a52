/**
 * The bundled CLI (dist/cli/index.js) against hostile input and output: FIFOs
 * and devices given as paths, an endless standard input, a full disk
 * (/dev/full), a downstream pipe that closes early, a reader that stops
 * reading, and an unexpected exception. It must finish, say what happened in
 * one line, and exit with a status that tells the truth.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ENTRY, exec, runCli } from './helpers/action.ts';

const GAME = '# Pixel Quest\n\nA retro platformer game you can play in the browser. Collect coins and beat levels in this 2D game.\n';
const ENV = { PATH: process.env.PATH ?? '' };
const NODE = process.execPath;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rt-hostile-cli-'));
}

function fifoIn(dir: string, name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** `count` game items, one per line, with ids padded to `idChars` (long ids make long output lines). */
function itemsFile(dir: string, count: number, idChars = 0): string {
  const path = join(dir, 'items.jsonl');
  writeFileSync(path, Array.from({ length: count }, (_, i) => JSON.stringify({ id: `g${i}`.padEnd(idChars, '.'), readme: GAME })).join('\n'));
  return path;
}

/** Runs a bash script (pipes, redirections) and times it. */
async function bash(script: string, cwd: string) {
  const started = performance.now();
  const result = await exec('bash', ['--norc', '--noprofile', '-c', script], { env: ENV, cwd });
  return { ...result, ms: performance.now() - started };
}

function assertNoStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at \S+ \(|node:internal|Uncaught|Unhandled/m, stderr);
}

/** Progress lines `done/total (...)` seen on stderr. */
function progressCounts(stderr: string): number[] {
  return [...stderr.matchAll(/readme-tagger: (\d+)\/\d+ \(/g)].map((m) => Number(m[1]));
}

describe('hostile input to the CLI (dist/cli/index.js)', () => {
  describe('a FIFO or a device given as a path is refused at once, never read', () => {
    it('refuses a FIFO as the README with exit 1, saying to give it on standard input', async () => {
      const fifo = fifoIn(tempDir(), 'README.md');
      const started = performance.now();
      const run = await runCli(['classify', fifo, '--tags', 'game,cli']);
      assert.ok(performance.now() - started < 10_000, 'finished without waiting for a writer');
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /README\.md is a pipe \(FIFO\), not a regular file, so it is not read; to read a pipe or a device, give it on standard input: readme-tagger classify - < \S+README\.md\n$/,
      );
      assert.equal(run.stderr.trim().split('\n').length, 1);
    });

    it('refuses an endless device (/dev/zero) as the README instead of reading it', async () => {
      const run = await runCli(['classify', '/dev/zero', '--tags', 'game,cli']);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /\/dev\/zero is a character device, not a regular file/);
    });

    it('refuses a FIFO as --tags, --input or --output with exit 2 (the command line was wrong)', async () => {
      const dir = tempDir();
      const tags = await runCli(['classify', '-', '--tags', fifoIn(dir, 'tags.json')], { input: GAME });
      assert.equal(tags.code, 2, tags.stderr);
      assert.match(tags.stderr, /--tags \S+tags\.json is a pipe \(FIFO\), not a regular file/);
      const input = await runCli(['batch', '--tags', 'game,cli', '--input', fifoIn(dir, 'items.jsonl')]);
      assert.equal(input.code, 2, input.stderr);
      assert.match(input.stderr, /--input \S+items\.jsonl is a pipe \(FIFO\), not a regular file/);
      writeFileSync(join(dir, 'ok.jsonl'), JSON.stringify({ id: 'a', readme: GAME }));
      const output = await runCli(['batch', '--tags', 'game,cli', '--input', join(dir, 'ok.jsonl'), '--output', fifoIn(dir, 'out.jsonl')]);
      assert.equal(output.code, 2, output.stderr);
      assert.match(output.stderr, /--output \S+out\.jsonl is a pipe or a socket, not a file: to write to a pipe, leave out --output and redirect standard output\./);
    });

    it('answers a batch item whose path is a FIFO with an error line, and goes on with the others', async () => {
      const dir = tempDir();
      fifoIn(dir, 'blocked.md');
      writeFileSync(join(dir, 'game.md'), GAME);
      writeFileSync(
        join(dir, 'items.jsonl'),
        [
          { id: 'a', path: 'blocked.md' },
          { id: 'b', path: 'game.md' },
          { id: 'c', path: '/dev/zero' },
        ]
          .map((i) => JSON.stringify(i))
          .join('\n'),
      );
      const run = await runCli(['batch', '--tags', 'game,cli', '--input', join(dir, 'items.jsonl')]);
      assert.equal(run.code, 1, run.stderr);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; tags?: string[]; error?: string });
      assert.deepEqual(
        lines.map((l) => l.id),
        ['a', 'b', 'c'],
      );
      assert.match(lines[0].error ?? '', /blocked\.md is a pipe \(FIFO\), not a regular file, so it is not read; give its text as "readme" instead/);
      assert.deepEqual(lines[1].tags, ['game']);
      assert.match(lines[2].error ?? '', /\/dev\/zero is a character device/);
    });
  });

  describe('standard input is read up to a cap, then no further', () => {
    it('finishes `yes | readme-tagger classify -`, saying that only the first 512 KiB were read', async () => {
      const run = await bash(`yes 'A retro platformer game you can play in the browser.' | "${NODE}" "${CLI_ENTRY}" classify - --tags game,cli`, tempDir());
      assert.ok(run.ms < 30_000, `took ${Math.round(run.ms)} ms`);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '{"tags":["game"]}\n');
      assert.match(run.stderr, /warning: standard input is longer than 512 KiB: only its first 512 KiB were read\./);
    });

    it('stops at the cap on an endless device given as standard input (< /dev/zero) and says it is binary', async () => {
      const run = await bash(`"${NODE}" "${CLI_ENTRY}" classify - --tags game,cli < /dev/zero`, tempDir());
      assert.ok(run.ms < 30_000, `took ${Math.round(run.ms)} ms`);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /standard input looks like a binary file/);
      assertNoStackTrace(run.stderr);
    });
  });

  describe('output that cannot be written is an error, and the exit status says so', () => {
    it('exits 1 when classify cannot write its result (stdout is /dev/full)', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'README.md'), GAME);
      const run = await bash(`"${NODE}" "${CLI_ENTRY}" classify README.md --tags game,cli > /dev/full`, dir);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^readme-tagger: error: writing the result to standard output failed \(ENOSPC: no space left on device, write\)\.\n$/);
    });

    it('exits 1 and stops early when batch --output is /dev/full', async () => {
      const dir = tempDir();
      const run = await runCli(['batch', '--tags', 'game,cli', '--input', itemsFile(dir, 5000), '--output', '/dev/full']);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /writing --output \/dev\/full failed after 0 of 5000 results \(ENOSPC: no space left on device, write\); the batch stopped\./);
      assert.ok(Math.max(0, ...progressCounts(run.stderr)) < 5000, 'not every item was run');
      assert.doesNotMatch(run.stderr, /done: /);
      assertNoStackTrace(run.stderr);
    });

    it('exits 1 and stops early when batch writes to standard output redirected to /dev/full', async () => {
      const dir = tempDir();
      const run = await bash(`"${NODE}" "${CLI_ENTRY}" batch --tags game,cli --input "${itemsFile(dir, 5000)}" > /dev/full`, dir);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /writing standard output failed after 0 of 5000 results \(ENOSPC: no space left on device, write\); the batch stopped\./);
      assert.ok(Math.max(0, ...progressCounts(run.stderr)) < 5000, 'not every item was run');
      assertNoStackTrace(run.stderr);
    });

    it('stops promptly when the downstream pipe closes (batch | head -1), exiting 1 without running every item', async () => {
      const dir = tempDir();
      const run = await bash(`"${NODE}" "${CLI_ENTRY}" batch --tags game,cli --input "${itemsFile(dir, 5000)}" | head -1; echo "status=\${PIPESTATUS[0]}" >&2`, dir);
      assert.equal(run.stdout, '{"id":"g0","tags":["game"]}\n');
      assert.match(run.stderr, /status=1\n/);
      const closed = /standard output was closed after (\d+) of 5000 results; the batch stopped\./.exec(run.stderr);
      assert.ok(closed, run.stderr);
      assert.ok(Number(closed[1]) < 5000);
      assert.ok(Math.max(0, ...progressCounts(run.stderr)) < 5000, 'not every item was run');
      assert.doesNotMatch(run.stderr, /done: /);
      assertNoStackTrace(run.stderr);
    });

    it('waits for a reader that stops reading (back-pressure) instead of running ahead, then writes every line in order', async () => {
      const dir = tempDir();
      const total = 2000;
      // 2 KB lines: the pipe and the stream's buffer hold well under a hundred of them.
      const child = spawn(NODE, [CLI_ENTRY, 'batch', '--tags', 'game,cli', '--input', itemsFile(dir, total, 2000), '--concurrency', '2'], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      await new Promise((resolveWait) => setTimeout(resolveWait, 3000));
      const whileStalled = Math.max(0, ...progressCounts(stderr));
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      const guard = setTimeout(() => child.kill(), 60_000);
      const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
      clearTimeout(guard);
      assert.ok(whileStalled <= 500, `ran ${whileStalled} of ${total} items while nobody read the output`);
      assert.equal(code, 0, stderr);
      const ids = stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id.replace(/\.+$/, ''));
      assert.deepEqual(
        ids,
        Array.from({ length: total }, (_, i) => `g${i}`),
      );
    });
  });

  describe('an unexpected exception is one line of message, never a stack trace', () => {
    const preload = (code: string) => {
      const path = join(tempDir(), 'fault.mjs');
      writeFileSync(path, code);
      return path;
    };
    const cases: Array<[string, string, RegExp]> = [
      [
        'an uncaught exception',
        `setTimeout(() => { throw new Error('boom in a timer\\n    at fake (/x.js:1:1)'); }, 1500);`,
        /^readme-tagger: error: boom in a timer%0A {4}at fake \(\/x\.js:1:1\) \(unexpected: please report it\)\n$/,
      ],
      ['an unhandled rejection', `setTimeout(() => { Promise.reject(new Error('lost promise')); }, 1500);`, /^readme-tagger: error: lost promise \(unexpected: please report it\)\n$/],
    ];
    for (const [what, code, expected] of cases) {
      it(`prints ${what} as one line and exits 1`, async () => {
        // The fault fires while the CLI waits on a standard input that stays open.
        const child = spawn(NODE, ['--import', preload(code), CLI_ENTRY, 'classify', '-', '--tags', 'game,cli'], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
        let stderr = '';
        let stdout = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        const guard = setTimeout(() => child.kill(), 30_000);
        const exit = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
        clearTimeout(guard);
        assert.equal(exit, 1, stderr);
        assert.match(stderr, expected);
        assert.equal(stdout, '');
      });
    }
  });
});
