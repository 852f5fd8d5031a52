/**
 * Hostile input against the log, end to end: the bundled action
 * (dist/index.js, run as the runner runs it) and the bundled CLI
 * (dist/cli/index.js) against loopback servers playing GitHub and an
 * OpenAI-compatible API that an attacker controls (vocabulary names, README,
 * repository description, model replies, server errors).
 *
 * "No injected command": every stdout line that the runner would read as a
 * command (`::` after white space, or `##[` anywhere) must be one the action
 * itself emits through @actions/core: `::error::`, `::warning::`, `::debug::`
 * (whose data the toolkit escapes) or `::add-mask::` of a real secret.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeWorkspace, runAction, runCli, type ActionRun } from './helpers/action.ts';
import { startFakeGitHub, type FakeGitHub } from './helpers/github-server.ts';
import { completion, failure, startFakeOpenAI, tagsReply, type FakeOpenAI, type ScriptedReply } from './helpers/fake-openai.ts';

const TOKEN = 'ghs_hostile_token_0123456789';
const KEY = 'sk-proj-Hq7ZxP2vLw9RkT4mNc8YbJ5sGd3FaE6uWy1QoVi';
const VOCAB = JSON.stringify([{ name: 'database' }, { name: 'serverless' }, { name: 'cli' }, { name: 'game' }]);
const README = '# Tidebase\n\nTidebase is a serverless Postgres database with separated storage and compute.\n';
/** Lines an attacker wants the runner to execute. */
const INJECTIONS = ['\n::error title=X::owned', '\r::add-mask::owned', '\n::stop-commands::owned', '\n##[error]owned', '\u2028::warning::owned'];

/** Every line the runner would take as a command that the action did not emit itself through @actions/core. */
function injectedCommands(stdout: string, secrets: string[] = [TOKEN]): string[] {
  return stdout.split(/\r\n|\r|\n/).filter((line) => {
    if (!/^\s*::|##\[/.test(line)) return false;
    if (/^::(error|warning|debug)::/.test(line) && !line.includes('##[')) return false;
    return !secrets.some((s) => line === `::add-mask::${s}`);
  });
}

/** Stdout, stderr, outputs and summary hold no run of 8 characters of `secret`, apart from the runner's own add-mask line. */
function leaks(run: { stdout: string; stderr: string; outputs?: Record<string, string>; summary?: string }, secret: string): string[] {
  const stdout = run.stdout
    .split('\n')
    .filter((l) => l !== `::add-mask::${secret}`)
    .join('\n');
  const places = { stdout, stderr: run.stderr, outputs: JSON.stringify(run.outputs ?? {}), summary: run.summary ?? '' };
  const found: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) {
    const part = secret.slice(i, i + 8);
    for (const [where, text] of Object.entries(places)) if (text.includes(part)) found.push(`${JSON.stringify(part)} in ${where}`);
  }
  return found;
}

function errorLine(run: ActionRun): string {
  return run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
}

const servers: Array<{ close(): Promise<void> }> = [];
async function serveAI(script: ScriptedReply[] | ((req: any, i: number) => ScriptedReply)): Promise<FakeOpenAI> {
  const server = await startFakeOpenAI(script);
  servers.push(server);
  return server;
}
after(() => Promise.all(servers.map((s) => s.close())));

describe('hostile input never reaches the log raw', () => {
  let gh: FakeGitHub;
  before(async () => {
    gh = await startFakeGitHub({
      'octo/widget': { topics: [] },
      'octo/evil': { topics: ['\n::error title=X::owned', 'rust'], description: `Serverless database${INJECTIONS.join(' ')}` },
    });
  });
  after(() => gh.close());

  const openai = (baseURL: string, extra: Record<string, string> = {}) => ({ provider: 'openai', 'api-key': KEY, 'base-url': baseURL, model: 'gpt-test', ...extra });

  describe('vocabulary names with control characters are refused, naming the entry', () => {
    const cases: Array<[string, string, string]> = [
      ['a line break and ::error', '\n::error title=X::owned', 'x%0A::error title=X::owned'],
      ['a carriage return and ::add-mask', '\r::add-mask::owned', 'x%0D::add-mask::owned'],
      ['::stop-commands after a line break', '\n::stop-commands::owned', 'x%0A::stop-commands::owned'],
    ];
    for (const [what, injection, shown] of cases) {
      it(`refuses a name with ${what}`, async () => {
        const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace: makeWorkspace({ 'README.md': README }), inputs: { tags: JSON.stringify(['database', `x${injection}`]) } });
        assert.equal(run.code, 1, run.stdout);
        assert.equal(errorLine(run), `::error::Input "tags"[1] ("${shown.replaceAll('%', '%25')}") has a control character (a line break, tab or escape); a name must be one line of printable text.`);
        assert.deepEqual(injectedCommands(run.stdout), []);
        assert.ok(!run.stdout.split('\n').some((l) => /^\s*::(stop-commands|add-mask::owned|error title)/.test(l)), run.stdout);
      });
    }

    it('refuses the same names in a YAML tags-file, naming the file and the entry', async () => {
      const workspace = makeWorkspace({ 'README.md': README, 'tags.yml': '- database\n- "cli\\r::add-mask::owned"\n' });
      const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace, inputs: { 'tags-file': 'tags.yml' } });
      assert.equal(run.code, 1, run.stdout);
      assert.match(errorLine(run), /^::error::Input "tags-file" \(tags\.yml\)\[1\] \("cli%250D::add-mask::owned"\) has a control character/);
      assert.deepEqual(injectedCommands(run.stdout), []);
    });

    it('refuses the same names in the CLI (exit 2), with no command line on stderr', async () => {
      const run = await runCli(['classify', '-', '--tags', JSON.stringify(['cli', 'x\n::error title=X::owned'])], { input: README });
      assert.equal(run.code, 2, run.stderr);
      assert.equal(
        run.stderr.split('\n')[0],
        'readme-tagger: --tags[1] ("x%0A::error title=X::owned") has a control character (a line break, tab or escape); a name must be one line of printable text.',
      );
      assert.deepEqual(injectedCommands(run.stderr), []);
    });
  });

  it('logs names, README source, topics and description from outside without any command line, and escapes the summary', async () => {
    const ai = await serveAI([
      completion({
        tags: [
          { name: 'database', reason: `<img src=x onerror=alert(1)> [click](https://evil.example) | cell ${INJECTIONS.join(' ')}` },
          { name: '::error title=X::owned' },
          ...INJECTIONS.map((name) => ({ name: `made-up${name}` })),
        ],
      }),
    ]);
    const vocabulary = JSON.stringify(['database', '::error title=X::owned', '##[error]owned', 'cli']);
    const workspace = makeWorkspace({ 'README.md': `${README}${INJECTIONS.join('\n')}\n` });
    const run = await runAction({ apiUrl: gh.url, token: TOKEN, repository: 'octo/evil', workspace, inputs: { tags: vocabulary, topics: 'merge', 'dry-run': 'true', ...openai(ai.baseURL) } });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(injectedCommands(run.stdout, [TOKEN, KEY]), []);
    assert.deepEqual(JSON.parse(run.outputs['tags-json']), ['database', '::error title=X::owned']);
    assert.ok(run.stdout.includes('Tags: database, %3A:error title=X::owned'), run.stdout);
    assert.match(run.stdout, /Dry run: would set the topics of octo\/evil to \[%0A::error title=x::owned, rust, database\]/);
    // The names the model invented are reported, inert, in a warning.
    assert.match(run.stdout, /^::warning::The model named 5 tags that are not in the vocabulary; dropped: "made-up%250A::error title=X::owned", "made-up%250D::add-mask::owned"/m);
    // The summary is HTML with Markdown punctuation as references: no tag, link or table cell of the model's own.
    assert.ok(!/<img|\[click\]\(|onerror=alert\(/.test(run.summary), run.summary);
    // (prompt.ts already drops < and > from reasons.)
    assert.match(run.summary, /img src=x onerror=alert&#40;1&#41; &#91;click&#93;&#40;https:\/\/evil\.example&#41; &#124; cell/);
    assert.deepEqual(leaks(run, KEY), []);
    // Each secret goes only to its own server, and never in a request body.
    const toGitHub = gh.requests.filter((r) => r.path.startsWith('/repos/octo/evil'));
    assert.ok(toGitHub.length > 0 && ai.requests.length === 1);
    for (const r of toGitHub) assert.ok(!JSON.stringify([r.headers, r.body ?? null]).includes(KEY.slice(8, 16)), `the API key went to GitHub: ${r.path}`);
    for (const r of ai.requests) {
      assert.ok(!JSON.stringify([r.headers, r.body]).includes(TOKEN.slice(4, 12)), 'the GitHub token went to the model server');
      assert.ok(!JSON.stringify(r.body).includes(KEY.slice(8, 16)), 'the API key is in a request body');
      assert.equal(r.headers.authorization, `Bearer ${KEY}`);
    }
  });

  it('keeps a non-JSON reply full of command lines inert in the retry message', async () => {
    const text = 'Sorry!\n::error title=X::owned\n##[error]owned\n::add-mask::owned';
    const ai = await serveAI([{ status: 200, headers: { 'content-type': 'text/plain' }, body: text }, tagsReply(['database'])]);
    const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace: makeWorkspace({ 'README.md': README }), inputs: { tags: VOCAB, ...openai(ai.baseURL) } });
    assert.equal(run.code, 0, run.stdout);
    assert.ok(run.stdout.includes(`${ai.baseURL} answered with text, not JSON (Sorry!%0A::error title=X::owned%0A%23#[error]owned%0A::add-mask::owned); retrying in `), run.stdout);
    assert.deepEqual(injectedCommands(run.stdout, [TOKEN, KEY]), []);
    assert.equal(run.outputs.tags, 'database');
  });

  it('keeps a streamed (event-stream) reply inert in the failure message', async () => {
    const stream = 'data: {"x":1}\n\n::error title=X::owned\n\ndata: [DONE]\n\n';
    const ai = await serveAI(() => ({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: stream }));
    const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace: makeWorkspace({ 'README.md': README }), inputs: { tags: VOCAB, ...openai(ai.baseURL) } });
    assert.equal(run.code, 1, run.stdout);
    assert.match(errorLine(run), /answered with text, not JSON \(data: \{"x":1\}%250A%250A::error title=X::owned/);
    assert.deepEqual(injectedCommands(run.stdout, [TOKEN, KEY]), []);
  });

  describe('a server error quoting the key near the 300-character cut leaves no 8 characters of it anywhere', () => {
    for (const pad of [270, 285, 295, 299]) {
      it(`rejected (401) with the key at character ${pad}`, async () => {
        const said = `${'x'.repeat(pad - 'Authorization: Bearer '.length)}Authorization: Bearer ${KEY} was not accepted`;
        const ai = await serveAI(() => failure(401, said, { code: 'invalid_api_key' }));
        const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace: makeWorkspace({ 'README.md': README }), inputs: { tags: VOCAB, ...openai(ai.baseURL) } });
        assert.equal(run.code, 1, run.stdout);
        assert.match(
          errorLine(run),
          /^::error::The API key was rejected \(401 Unauthorized\) by http:\/\/127\.0\.0\.1:\d+\/v1: check the api-key input \(the CLI: --api-key or OPENAI_API_KEY\)\. The server said: x+Authorization: Bearer /,
        );
        assert.deepEqual(leaks(run, KEY), []);
        assert.deepEqual(injectedCommands(run.stdout, [TOKEN, KEY]), []);
      });
    }

    it('rate limited (429, retried) with the key in every message, the retry log line included', async () => {
      const said = `${'y'.repeat(280)}Authorization: Bearer ${KEY}`;
      const ai = await serveAI([failure(429, said, { headers: { 'retry-after-ms': '10' } }), tagsReply(['database'])]);
      const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace: makeWorkspace({ 'README.md': README }), inputs: { tags: VOCAB, ...openai(ai.baseURL) } });
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, /^Rate limited \(429\) by http:\/\/127\.0\.0\.1:\d+\/v1\. The server said: y{280}Authorization: Bear…; retrying in 0\.0 s \(attempt 2 of 4\)\.$/m);
      assert.deepEqual(leaks(run, KEY), []);
      assert.equal(ai.requests.length, 2);
    });

    it('in the CLI, with the key from OPENAI_API_KEY', async () => {
      const said = `${'z'.repeat(260)}Authorization: Bearer ${KEY}`;
      const ai = await serveAI(() => failure(401, said));
      const run = await runCli(['classify', '-', '--tags', VOCAB, '--provider', 'openai', '--base-url', ai.baseURL], { input: README, env: { OPENAI_API_KEY: KEY } });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^readme-tagger: error: The API key was rejected \(401 Unauthorized\)/);
      assert.deepEqual(leaks(run, KEY), []);
    });
  });

  it('bounds every log line when the model invents 50,000 names, and still succeeds', async () => {
    // Short names (the reply must stay under the 1 MiB cap), every thousandth with a command line.
    const names = Array.from({ length: 50_000 }, (_, i) => (i % 1000 === 0 ? `inv-${i}\n::error title=X::owned` : `inv-${i}`));
    const ai = await serveAI([completion({ tags: [...names, 'database'] })]);
    const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace: makeWorkspace({ 'README.md': README }), inputs: { tags: VOCAB, ...openai(ai.baseURL) } });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.tags, 'database');
    const longest = Math.max(...run.stdout.split('\n').map((l) => Buffer.byteLength(l)));
    assert.ok(longest < 8 * 1024, `a log line of ${longest} bytes`);
    assert.match(run.stdout, /^::warning::The model named 50,000 tags that are not in the vocabulary; dropped: "inv-0%250A::error title=X::owned", "inv-1", .* and 49,980 more\.$/m);
    assert.ok(Buffer.byteLength(run.summary) < 64 * 1024, `summary of ${Buffer.byteLength(run.summary)} bytes`);
    assert.deepEqual(injectedCommands(run.stdout, [TOKEN, KEY]), []);
  });

  describe('a reply body over 1 MiB fails clearly, without being read whole', () => {
    it('with a Content-Length', async () => {
      const reply = completion({ tags: ['database'], padding: 'p'.repeat(1_100_000) });
      reply.headers = { 'content-length': String(Buffer.byteLength(JSON.stringify(reply.body))) };
      const ai = await serveAI(() => reply);
      const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace: makeWorkspace({ 'README.md': README }), inputs: { tags: VOCAB, ...openai(ai.baseURL) } });
      assert.equal(run.code, 1, run.stdout);
      assert.match(errorLine(run), /^::error::The reply from http:\/\/127\.0\.0\.1:\d+\/v1 is larger than 1,048,576 bytes \(1 MiB\), far more than a list of tags/);
      assert.equal(ai.requests.length, 1, 'not retried');
    });

    it('streamed in chunks without a length', async () => {
      const server: Server = createServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          // An endless body: only the client's cap can end it.
          while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
          if (!res.destroyed && sent < 64 * 1024 * 1024) res.once('drain', pump);
        };
        pump();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push({
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      });
      const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const started = Date.now();
      const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace: makeWorkspace({ 'README.md': README }), inputs: { tags: VOCAB, ...openai(baseURL) } });
      assert.equal(run.code, 1, run.stdout);
      assert.match(errorLine(run), /is larger than 1,048,576 bytes \(1 MiB\)/);
      assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    });
  });

  describe('deeply nested vocabularies fail with an error naming the input, not a stack overflow', () => {
    it('invalid JSON 100,000 levels deep in "tags"', async () => {
      const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace: makeWorkspace({ 'README.md': README }), inputs: { tags: '['.repeat(100_000) } });
      assert.equal(run.code, 1, run.stdout);
      assert.match(errorLine(run), /^::error::Input "tags" is not valid JSON: unexpected end of text at line 1, column 100001 \(near "\[{20}"\)\. Fix the JSON/);
      assert.ok(!/call stack/i.test(run.stdout + run.stderr));
    });

    it('YAML 100,000 levels deep in a tags-file', async () => {
      const workspace = makeWorkspace({ 'README.md': README, 'tags.yml': '- '.repeat(100_000) + 'x\n' });
      const run = await runAction({ apiUrl: gh.url, token: TOKEN, workspace, inputs: { 'tags-file': 'tags.yml' } });
      assert.equal(run.code, 1, run.stdout);
      assert.match(errorLine(run), /^::error::Input "tags-file" \(tags\.yml\) is nested too deeply \(at line 1\) to be a vocabulary/);
    });

    it('in the CLI: a tags file nested 100,000 deep (exit 2, message names the flag)', async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'rt-hostile-')), 'tags.json');
      writeFileSync(path, '{"tags":'.repeat(100_000));
      const run = await runCli(['classify', '-', '--tags', path], { input: README });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^readme-tagger: --tags \S+tags\.json is not valid JSON: unexpected end of text at line 1, column 800001/);
    });
  });
});
