/**
 * Hostile files in the workspace, tried as a pull request would: links out of
 * the workspace and into .git/, `../` and absolute paths, FIFOs. The bundled
 * action (dist/index.js) runs as the runner runs it against loopback GitHub
 * and OpenAI servers, and nothing of an outside file may reach stdout, the
 * outputs, the job summary or any request body; a FIFO must not hold the step.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeWorkspace, runAction, type ActionRun } from './helpers/action.ts';
import { readRegularFile, readWorkspaceReadme, RefusedFileError } from '../src/readme-load.ts';
import { startFakeGitHub, type FakeGitHub } from './helpers/github-server.ts';
import { startFakeOpenAI, tagsReply, type FakeOpenAI } from './helpers/fake-openai.ts';

const VOCAB = JSON.stringify([
  { id: 22, name: 'game' },
  { id: 47, name: 'database' },
  { id: 4, name: 'cli' },
]);

const GAME_README = `# Pixel Quest

A retro platformer game you can play in the browser. Collect coins and beat levels in this 2D game.
`;

/** Bytes of the outside files: none of them may show up anywhere. */
const OUTSIDE_MARKER = 'OUTSIDE-FILE-7f3a9c';
const TOKEN_MARKER = 'ghp_FAKEcheckoutTOKEN0123456789abcdef';
const OUTSIDE_README = `# Private notes ${OUTSIDE_MARKER}\n\nA database and a cli: ${OUTSIDE_MARKER} line two.\n`;
const OUTSIDE_VOCAB = JSON.stringify([
  { id: 1, name: `leak-${OUTSIDE_MARKER}` },
  { id: 2, name: 'game' },
]);
// What actions/checkout writes into .git/config with persist-credentials (the default).
const GIT_CONFIG = `[core]\n\trepositoryformatversion = 0\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${TOKEN_MARKER}\n`;

/** Runs are bounded: a FIFO that blocked would hold the step until the helper's 60 s timeout. */
const STEP_BOUND_MS = 20_000;

let outside: string;

/** A workspace with a .git/config holding a fake token, plus the given files. */
function workspace(files: Record<string, string> = {}): string {
  const dir = makeWorkspace({ '.git/config': GIT_CONFIG, ...files });
  return dir;
}

function link(ws: string, path: string, target: string): void {
  mkdirSync(join(ws, path, '..'), { recursive: true });
  symlinkSync(target, join(ws, path));
}

function fifo(ws: string, path: string): void {
  mkdirSync(join(ws, path, '..'), { recursive: true });
  execFileSync('mkfifo', [join(ws, path)]);
}

describe('hostile files (dist/index.js)', () => {
  let gh: FakeGitHub;
  let ai: FakeOpenAI;
  before(async () => {
    outside = mkdtempSync(join(tmpdir(), 'rt-outside-'));
    writeFileSync(join(outside, 'notes.md'), OUTSIDE_README);
    writeFileSync(join(outside, 'tags.json'), OUTSIDE_VOCAB);
    gh = await startFakeGitHub({ 'octo/hostile': { readme: GAME_README, topics: [] } });
    ai = await startFakeOpenAI(() => tagsReply(['game']));
  });
  after(async () => {
    await gh.close();
    await ai.close();
  });

  /** The action with the openai provider, so that what would be sent to a model is in a request body. */
  async function run(ws: string, inputs: Record<string, string>): Promise<ActionRun & { ms: number }> {
    const started = performance.now();
    const result = await runAction({
      apiUrl: gh.url,
      workspace: ws,
      repository: 'octo/hostile',
      inputs: { provider: 'openai', 'api-key': 'sk-test-key-0123456789', 'base-url': ai.baseURL, model: 'gpt-test-mini', ...inputs },
    });
    const ms = performance.now() - started;
    assert.ok(ms < STEP_BOUND_MS, `the step took ${Math.round(ms)} ms`);
    return { ...result, ms };
  }

  /** No byte of an outside file or of .git/config in the log, outputs, summary or any request sent. */
  function assertNothingLeaked(result: ActionRun): void {
    const places: Record<string, string> = {
      stdout: result.stdout,
      stderr: result.stderr,
      outputs: JSON.stringify(result.outputs),
      summary: result.summary,
      'GitHub requests': JSON.stringify(gh.requests.map((r) => r.body)),
      'OpenAI requests': JSON.stringify(ai.requests.map((r) => r.body)),
    };
    for (const [where, text] of Object.entries(places)) {
      for (const marker of [OUTSIDE_MARKER, TOKEN_MARKER, 'extraheader', 'repositoryformatversion']) {
        assert.ok(!text.includes(marker), `${marker} found in ${where}`);
      }
    }
  }

  const warnings = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::warning'));

  describe('a workspace README that leads elsewhere is skipped, as GitHub skips it', () => {
    it('skips README.md linked to a file outside the workspace and reads the README from the API', async () => {
      const ws = workspace();
      link(ws, 'README.md', join(outside, 'notes.md'));
      const result = await run(ws, { tags: VOCAB });
      assert.equal(result.code, 0, result.stdout);
      assert.ok(
        warnings(result.stdout).some((l) => /The README README\.md resolves outside the workspace .*It was skipped/.test(l)),
        result.stdout,
      );
      assert.match(result.stdout, /README: api:octo\/hostile\/README\.md/);
      assert.equal(result.outputs.tags, 'game');
      assert.match(JSON.stringify(ai.requests.at(-1)?.body), /Pixel Quest/);
      assertNothingLeaked(result);
    });

    it('skips README.md linked to .git/config (where actions/checkout keeps the token)', async () => {
      const ws = workspace();
      link(ws, 'README.md', '.git/config');
      const result = await run(ws, { tags: VOCAB });
      assert.equal(result.code, 0, result.stdout);
      assert.ok(
        warnings(result.stdout).some((l) => /The README README\.md resolves into \.git\/ .*never read.*It was skipped/.test(l)),
        result.stdout,
      );
      assert.match(result.stdout, /README: api:octo\/hostile\/README\.md/);
      assertNothingLeaked(result);
    });

    it('skips a linked .github/README.md and takes the next candidate in GitHub order, the root README.md', async () => {
      const ws = workspace({ 'README.md': GAME_README });
      link(ws, '.github/README.md', join(outside, 'notes.md'));
      const before = gh.requests.length;
      const result = await run(ws, { tags: VOCAB });
      assert.equal(result.code, 0, result.stdout);
      assert.match(result.stdout, /README: README\.md\./);
      assert.ok(!gh.requests.slice(before).some((r) => r.path.endsWith('/readme')), 'the API README was not needed');
      assertNothingLeaked(result);
    });

    it('skips a README.md that is a FIFO without blocking, and reads the README from the API', async () => {
      const ws = workspace();
      fifo(ws, 'README.md');
      const result = await run(ws, { tags: VOCAB });
      assert.equal(result.code, 0, result.stdout);
      assert.ok(
        warnings(result.stdout).some((l) => /The README README\.md is a pipe \(FIFO\), not a regular file.*It was skipped/.test(l)),
        result.stdout,
      );
      assert.equal(result.outputs.tags, 'game');
      assert.ok(result.ms < 10_000, `${Math.round(result.ms)} ms`);
    });
  });

  describe('an input that points outside the workspace, into .git/ or at a FIFO is an error naming the input', () => {
    const cases: Array<{ name: string; prepare: (ws: string) => void; inputs: (ws: string) => Record<string, string>; error: RegExp }> = [
      {
        name: 'tags-file linked to a file outside the workspace',
        prepare: (ws) => link(ws, '.github/tags.json', join(outside, 'tags.json')),
        inputs: () => ({ 'tags-file': '.github/tags.json' }),
        error: /Input "tags-file" \(\.github\/tags\.json\) resolves outside the workspace/,
      },
      {
        name: 'tags-file linked to .git/config',
        prepare: (ws) => link(ws, 'tags.txt', join(ws, '.git', 'config')),
        inputs: () => ({ 'tags-file': 'tags.txt' }),
        error: /Input "tags-file" \(tags\.txt\) resolves into \.git\//,
      },
      {
        name: 'tags-file with ../',
        prepare: () => {},
        inputs: () => ({ 'tags-file': `../${outside.split('/').at(-1)}/tags.json` }),
        error: /Input "tags-file" \(\.\.\/rt-outside-\w+\/tags\.json\) points outside the workspace/,
      },
      {
        name: 'tags-file that is a FIFO',
        prepare: (ws) => fifo(ws, 'tags.json'),
        inputs: () => ({ 'tags-file': 'tags.json' }),
        error: /Input "tags-file" \(tags\.json\) is a pipe \(FIFO\), not a regular file/,
      },
      {
        name: 'tags-file larger than 1 MiB',
        prepare: (ws) => writeFileSync(join(ws, 'tags.txt'), `game\n${'x'.repeat(1024 * 1024)}\n`),
        inputs: () => ({ 'tags-file': 'tags.txt' }),
        error: /Input "tags-file" \(tags\.txt\) is larger than 1 MiB/,
      },
      {
        name: 'readme-path with ../',
        prepare: () => {},
        inputs: () => ({ tags: VOCAB, 'readme-path': `../${outside.split('/').at(-1)}/notes.md` }),
        error: /Input "readme-path" \(\.\.\/rt-outside-\w+\/notes\.md\) points outside the workspace/,
      },
      {
        name: 'readme-path as an absolute path outside',
        prepare: () => {},
        inputs: () => ({ tags: VOCAB, 'readme-path': join(outside, 'notes.md') }),
        error: /Input "readme-path" \(\/.*notes\.md\) points outside the workspace/,
      },
      {
        name: 'readme-path linked to a file outside the workspace',
        prepare: (ws) => link(ws, 'docs/intro.md', join(outside, 'notes.md')),
        inputs: () => ({ tags: VOCAB, 'readme-path': 'docs/intro.md' }),
        error: /Input "readme-path" \(docs\/intro\.md\) resolves outside the workspace/,
      },
      {
        name: 'readme-path naming .git/config',
        prepare: () => {},
        inputs: () => ({ tags: VOCAB, 'readme-path': '.git/config' }),
        error: /Input "readme-path" \(\.git\/config\) resolves into \.git\//,
      },
      {
        name: 'readme-path that is a FIFO',
        prepare: (ws) => fifo(ws, 'docs/README.md'),
        inputs: () => ({ tags: VOCAB, 'readme-path': 'docs/README.md' }),
        error: /Input "readme-path" \(docs\/README\.md\) is a pipe \(FIFO\), not a regular file/,
      },
    ];
    for (const c of cases) {
      it(`fails for ${c.name}, reads nothing of it, and sends nothing`, async () => {
        const ws = workspace({ 'README.md': GAME_README });
        c.prepare(ws);
        const sentBefore = ai.requests.length;
        const writesBefore = gh.puts().length;
        const result = await run(ws, c.inputs(ws));
        assert.equal(result.code, 1, result.stdout);
        const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error'));
        assert.equal(errors.length, 1, result.stdout);
        assert.match(errors[0], c.error);
        assert.equal(ai.requests.length, sentBefore, 'nothing was sent to the model');
        assert.equal(gh.puts().length, writesBefore, 'no topics were written');
        assert.deepEqual(Object.keys(result.outputs), []);
        assertNothingLeaked(result);
      });
    }
  });

  it('still reads a readme-path given as an absolute path inside the workspace', async () => {
    const ws = workspace({ 'docs/intro.md': GAME_README });
    const result = await run(ws, { tags: VOCAB, 'readme-path': join(ws, 'docs', 'intro.md') });
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /README: docs\/intro\.md\./);
    assert.equal(result.outputs.tags, 'game');
  });
});

describe('readme-load.ts readRegularFile and readWorkspaceReadme', () => {
  it('reads at most maxBytes and says when the file holds more', async () => {
    const ws = makeWorkspace({ 'a.txt': 'x'.repeat(100), 'b.txt': 'y'.repeat(10) });
    const long = await readRegularFile('a.txt', { label: 'a', maxBytes: 40, workspace: ws });
    assert.equal(long.bytes.length, 40);
    assert.equal(long.truncated, true);
    const short = await readRegularFile('b.txt', { label: 'b', maxBytes: 10, workspace: ws });
    assert.equal(short.bytes.toString(), 'y'.repeat(10));
    assert.equal(short.truncated, false);
  });

  it('refuses, before opening, a link out, a path into .git/, a ../ escape and a FIFO, each with its reason', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rt-outside-'));
    writeFileSync(join(out, 'x.md'), 'outside');
    const ws = workspace({ 'ok.md': 'inside' });
    link(ws, 'out.md', join(out, 'x.md'));
    link(ws, 'sub', join(ws, '.git'));
    fifo(ws, 'pipe.md');
    const reasons: Record<string, string> = {};
    for (const path of ['out.md', 'sub/config', '../x.md', join(out, 'x.md'), 'pipe.md']) {
      await assert.rejects(readRegularFile(path, { label: path, maxBytes: 100, workspace: ws }), (error: unknown) => {
        assert.ok(error instanceof RefusedFileError, String(error));
        reasons[path] = error.reason;
        return true;
      });
    }
    assert.deepEqual(reasons, { 'out.md': 'outside', 'sub/config': 'git', '../x.md': 'outside', [join(out, 'x.md')]: 'outside', 'pipe.md': 'not-regular' });
    assert.equal((await readRegularFile('ok.md', { label: 'ok', maxBytes: 100, workspace: ws })).bytes.toString(), 'inside');
  });

  it('skips README candidates that lead outside or are not regular files, in GitHub order, and reads the next', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rt-outside-'));
    writeFileSync(join(out, 'x.md'), 'outside');
    const ws = workspace({ 'docs/README.md': '# Docs readme' });
    link(ws, '.github/README.md', join(out, 'x.md'));
    fifo(ws, 'README.md');
    link(ws, 'README.rst', 'missing-target.rst');
    const skipped: string[] = [];
    const found = await readWorkspaceReadme(ws, (message) => skipped.push(message));
    assert.equal(found?.text, '# Docs readme');
    assert.equal(found?.source, join('docs', 'README.md'));
    assert.equal(skipped.length, 3, skipped.join('\n'));
    assert.match(skipped[0], /^The README \.github\/README\.md resolves outside the workspace/);
    assert.match(skipped[1], /^The README README\.md is a pipe \(FIFO\)/);
    assert.match(skipped[2], /^The README README\.rst: no such file/);
  });
});
