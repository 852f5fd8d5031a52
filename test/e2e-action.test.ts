/**
 * The bundled action (dist/index.js) run as the runner runs it, against a
 * real HTTP server on 127.0.0.1 standing in for the GitHub API.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace, ROOT, runAction } from './helpers/action.ts';
import { startFakeGitHub, type FakeGitHub } from './helpers/github-server.ts';

const VOCAB = JSON.stringify([
  { id: 47, name: 'database' },
  { id: 86, name: 'serverless' },
  { id: 70, name: 'storage' },
  { id: 4, name: 'cli' },
  { id: 29, name: 'testing' },
  { id: 22, name: 'game' },
]);

const DB_README = `# Tidebase

Tidebase is a serverless Postgres database with separated storage and compute.
It branches a database like code and scales storage to zero.

## Features

- SQL query engine compatible with PostgreSQL
- Durable storage layer on object storage

## Installation

\`\`\`sh
cargo build --release
\`\`\`
`;

const GAME_README = `# Pixel Quest

A retro platformer game you can play in the browser. Collect coins, beat levels and
defeat the final boss in this small 2D game.
`;

function hasWarning(stdout: string, pattern: RegExp): boolean {
  return stdout.split('\n').some((l) => l.startsWith('::warning') && pattern.test(l));
}

describe('action (dist/index.js) end to end', () => {
  let gh: FakeGitHub;
  before(async () => {
    gh = await startFakeGitHub({
      'octo/widget': { topics: [] },
      'octo/games': { topics: [], description: 'A retro platformer game' },
      'octo/described': { topics: [], description: 'Serverless Postgres database with branching' },
      'octo/pylib': { topics: [], language: 'Python' },
      'octo/golib': { topics: [], language: 'Go' },
      'octo/remote': { readme: GAME_README, topics: ['hacktoberfest'] },
      'octo/merge': { topics: ['rust', 'cli'] },
      'octo/sync': { topics: ['hacktoberfest', 'cli', 'database', 'testing'] },
      'octo/same': { topics: ['database', 'serverless', 'storage'] },
      'octo/locked': { topics: ['rust'], putStatus: 403 },
      'octo/empty': { readme: '', topics: ['keep-me'] },
      'octo/none': { topics: [] },
      'octo/full': { topics: Array.from({ length: 19 }, (_, i) => `topic-${i}`) },
      'octo/dry': { topics: ['rust', 'cli'] },
      'octo/nosummary': { topics: ['rust'] },
    });
  });
  after(() => gh.close());

  it('sets outputs and a job summary for a workspace README', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, inputs: { tags: VOCAB, id: '2090' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const tags = JSON.parse(run.outputs['tags-json']) as string[];
    assert.ok(tags.includes('database'), run.outputs['tags-json']);
    assert.ok(tags.length >= 1 && tags.length <= 3);
    assert.equal(run.outputs.tags, tags.join(','));
    const byName: Record<string, number> = { database: 47, serverless: 86, storage: 70, cli: 4, testing: 29, game: 22 };
    assert.deepEqual(
      JSON.parse(run.outputs['tag-ids']),
      tags.map((t) => byName[t]),
    );
    assert.equal(run.outputs.json, JSON.stringify({ id: '2090', tags }));
    assert.equal(run.outputs.changed, 'false');
    assert.equal(run.outputs.provider, 'offline');
    assert.equal(run.outputs.topics, undefined, 'no topics output when topics is off');
    assert.deepEqual(JSON.parse(run.outputs.usage), { promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    assert.match(run.summary, /README Tagger/);
    assert.match(run.summary, /database/);
    assert.match(run.stdout, /Provider: offline .*because provider is auto and no API key was given/);
    assert.ok(!gh.requests.some((r) => r.path.endsWith('/topics')), 'topics: off reads no topics');
    assert.ok(!run.stdout.includes('Tidebase is a serverless'), 'README text is not logged');
    assert.match(run.stdout, /^::add-mask::ghs_test_token$/m, 'the token is masked');
    const apiCalls = gh.requests.filter((r) => r.path.startsWith('/repos/octo/widget'));
    assert.ok(apiCalls.length > 0 && apiCalls.every((r) => r.headers.authorization === 'token ghs_test_token'), 'every API call carries the token');
  });

  it('omits "id" from the json output when no id is given', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, inputs: { tags: 'database, game' } });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(JSON.parse(run.outputs.json), { tags: ['database'] });
    assert.equal(run.outputs['tag-ids'], '[]');
  });

  it('reads the README from the API when the workspace has none', async () => {
    const run = await runAction({ apiUrl: gh.url, repository: 'octo/remote', inputs: { tags: VOCAB } });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(JSON.parse(run.outputs['tags-json']), ['game']);
    assert.ok(gh.requests.some((r) => r.method === 'GET' && r.path === '/repos/octo/remote/readme'));
    assert.match(run.stdout, /README: api:octo\/remote/);
  });

  it('reads another repository from the API even when the workspace has a README', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, inputs: { tags: VOCAB, repository: 'octo/remote' } });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(JSON.parse(run.outputs['tags-json']), ['game']);
  });

  it('merges: adds the chosen tags to the topics and removes nothing', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/merge', inputs: { tags: VOCAB, topics: 'merge' } });
    assert.equal(run.code, 0, run.stdout);
    const tags = JSON.parse(run.outputs['tags-json']) as string[];
    const puts = gh.puts().filter((p) => p.path === '/repos/octo/merge/topics');
    assert.equal(puts.length, 1);
    assert.deepEqual(puts[0].body, { names: ['rust', 'cli', ...tags.filter((t) => t !== 'cli')] });
    assert.deepEqual(JSON.parse(run.outputs.topics), ['rust', 'cli', ...tags.filter((t) => t !== 'cli')]);
    assert.equal(run.outputs.changed, 'true');
    assert.match(run.summary, /Added: .*<code>database<\/code>/);
    assert.match(run.summary, /Kept: <code>rust<\/code> <code>cli<\/code>/);
  });

  it('syncs: removes vocabulary topics not chosen and keeps the rest', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/sync', inputs: { tags: VOCAB, topics: 'sync' } });
    assert.equal(run.code, 0, run.stdout);
    const tags = JSON.parse(run.outputs['tags-json']) as string[];
    assert.ok(!tags.includes('cli') && !tags.includes('testing'), run.outputs['tags-json']);
    const put = gh.puts().find((p) => p.path === '/repos/octo/sync/topics');
    assert.deepEqual(put?.body, { names: ['hacktoberfest', 'database', ...tags.filter((t) => t !== 'database')] });
  });

  it('dry-run: reports the plan and writes nothing', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/dry', inputs: { tags: VOCAB, topics: 'sync', 'dry-run': 'true' } });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(gh.puts().filter((p) => p.path === '/repos/octo/dry/topics').length, 0);
    assert.ok(
      gh.requests.some((r) => r.method === 'GET' && r.path === '/repos/octo/dry/topics'),
      'the plan is made from the real topics',
    );
    assert.equal(run.outputs.changed, 'false');
    assert.deepEqual(JSON.parse(run.outputs.topics), ['rust', 'cli'], 'the topics as they are');
    const tags = JSON.parse(run.outputs['tags-json']) as string[];
    assert.match(run.stdout, new RegExp(`Dry run: would set the topics of octo/dry to \\[rust, ${tags.join(', ')}\\]`));
    assert.match(run.summary, /dry run/);
    assert.match(run.summary, /Would remove: <code>cli<\/code>/);
    assert.deepEqual(gh.repos.get('octo/dry')?.topics, ['rust', 'cli']);
  });

  it('does not write when the topics already match', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/same', inputs: { tags: 'database, serverless, storage, game', topics: 'merge' } });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(gh.puts().filter((p) => p.path === '/repos/octo/same/topics').length, 0);
    assert.equal(run.outputs.changed, 'false');
    assert.deepEqual(JSON.parse(run.outputs.topics), ['database', 'serverless', 'storage']);
  });

  it('adds only what fits under 20 topics, best first, and warns', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/full', inputs: { tags: VOCAB, topics: 'merge' } });
    assert.equal(run.code, 0, run.stdout);
    const tags = JSON.parse(run.outputs['tags-json']) as string[];
    assert.ok(tags.length >= 2, `needs at least two tags to test the limit: ${run.outputs['tags-json']}`);
    const put = gh.puts().find((p) => p.path === '/repos/octo/full/topics');
    assert.deepEqual(put?.body, { names: [...Array.from({ length: 19 }, (_, i) => `topic-${i}`), tags[0]] });
    assert.ok(hasWarning(run.stdout, new RegExp(`more than 20 topics; not added: ${tags.slice(1).join(', ')}`)), run.stdout);
    assert.match(run.summary, /Not added \(GitHub allows 20 topics\)/);
  });

  it('explains a 403 on writing topics: the GITHUB_TOKEN cannot, pass a token with Administration: write', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/locked', inputs: { tags: VOCAB, topics: 'merge' } });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /::error::.*GITHUB_TOKEN cannot change topics.*Administration: write.*github-token/);
    assert.deepEqual(gh.repos.get('octo/locked')?.topics, ['rust']);
  });

  it('warns on an empty README, chooses no tags and leaves topics alone', async () => {
    const run = await runAction({ apiUrl: gh.url, repository: 'octo/empty', inputs: { tags: VOCAB, topics: 'sync' } });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs['tags-json'], '[]');
    assert.ok(hasWarning(run.stdout, /no text to classify/), run.stdout);
    assert.equal(gh.puts().filter((p) => p.path === '/repos/octo/empty/topics').length, 0);
    assert.deepEqual(JSON.parse(run.outputs.topics), ['keep-me']);
  });

  it('reads the vocabulary from tags-file (YAML)', async () => {
    const workspace = makeWorkspace({
      'README.md': GAME_README,
      '.github/tags.yml': '- name: game\n  id: 22\n  description: games and game jams\n- name: database\n  id: 47\n',
    });
    const run = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/games', inputs: { 'tags-file': '.github/tags.yml' } });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs['tag-ids'], '[22]');
  });

  it("uses the repository's description from the API as evidence", async () => {
    const workspace = makeWorkspace({ 'README.md': '# Driftwood\n\nSee the documentation site for details.\n' });
    const run = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/described', inputs: { tags: VOCAB } });
    assert.equal(run.code, 0, run.stdout);
    assert.ok(gh.requests.some((r) => r.method === 'GET' && r.path === '/repos/octo/described'));
    assert.ok((JSON.parse(run.outputs['tags-json']) as string[]).includes('database'), run.outputs['tags-json']);
  });

  it('keeps tag-ids aligned with tags: null for a chosen tag without an id', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, inputs: { tags: '[{"name":"database"},{"id":86,"name":"serverless"},{"id":22,"name":"game"}]' } });
    assert.equal(run.code, 0, run.stdout);
    const tags = JSON.parse(run.outputs['tags-json']) as string[];
    assert.deepEqual(
      JSON.parse(run.outputs['tag-ids']),
      tags.map((t) => (t === 'serverless' ? 86 : t === 'game' ? 22 : null)),
    );
  });

  it('does not fail the step when the job summary cannot be written, after topics were written', async () => {
    const workspace = makeWorkspace({ 'README.md': DB_README });
    const run = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/nosummary', inputs: { tags: VOCAB, topics: 'merge' }, env: { GITHUB_STEP_SUMMARY: '' } });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.changed, 'true');
    assert.ok(hasWarning(run.stdout, /Could not write the job summary/), run.stdout);
  });

  it('finishes quickly on a huge README, reading only its start, and the repetition does not change the tags', async () => {
    const tags = readFileSync(join(ROOT, 'examples', 'tags.json'), 'utf8');
    const plain = await runAction({ apiUrl: gh.url, workspace: makeWorkspace({ 'README.md': DB_README }), inputs: { tags } });
    const huge = DB_README + '\n## Changelog\n\n' + 'Fixed a bug in the widget frobnicator.\n'.repeat(200_000);
    const started = Date.now();
    const run = await runAction({ apiUrl: gh.url, workspace: makeWorkspace({ 'README.md': huge }), inputs: { tags } });
    assert.equal(run.code, 0, run.stdout);
    assert.ok(Date.now() - started < 20_000);
    assert.match(run.stdout, /only its first 512 KiB were read/);
    assert.ok((JSON.parse(plain.outputs['tags-json']) as string[]).includes('database'), plain.outputs['tags-json']);
    assert.equal(run.outputs['tags-json'], plain.outputs['tags-json']);
  });

  describe('bad input fails with a message naming the input and the fix', () => {
    const cases: Array<{ name: string; inputs: Record<string, string>; files?: Record<string, string | Buffer>; repository?: string; error: RegExp }> = [
      { name: 'malformed tags JSON', inputs: { tags: '["database", "cli",]' }, error: /Input "tags" is not valid JSON: unexpected "]" at line 1, column 20/ },
      { name: 'an empty vocabulary', inputs: { tags: '' }, error: /No vocabulary: set the "tags" input .* or "tags-file"/ },
      { name: 'an empty JSON list', inputs: { tags: '[]' }, error: /Input "tags" is an empty list/ },
      { name: 'max-tags 0', inputs: { tags: VOCAB, 'max-tags': '0' }, error: /Input "max-tags" must be a whole number from 1 to 20; got "0"/ },
      { name: 'max-tags 21', inputs: { tags: VOCAB, 'max-tags': '21' }, error: /Input "max-tags" must be a whole number from 1 to 20; got "21"/ },
      { name: 'max-tags not a number', inputs: { tags: VOCAB, 'max-tags': 'three' }, error: /Input "max-tags" must be a whole number/ },
      { name: 'an unknown provider', inputs: { tags: VOCAB, provider: 'gemini' }, error: /Input "provider" must be one of auto, offline, openai; got "gemini"/ },
      { name: 'an unknown topics mode', inputs: { tags: VOCAB, topics: 'replace' }, error: /Input "topics" must be one of off, merge, sync; got "replace"/ },
      { name: 'a readme-path that does not exist', inputs: { tags: VOCAB, 'readme-path': 'docs/NOPE.md' }, error: /Input "readme-path" \(docs\/NOPE\.md\): no such file/ },
      { name: 'a tags-file that does not exist', inputs: { 'tags-file': 'tags.json' }, error: /Input "tags-file": tags\.json does not exist in the workspace/ },
      { name: 'a repository with no README anywhere', inputs: { tags: VOCAB }, repository: 'octo/none', error: /No README found for octo\/none: none in the workspace/ },
      {
        name: 'another repository with no README (the workspace is not its checkout, was not searched, and the message says so)',
        inputs: { tags: VOCAB, repository: 'octo/none' },
        error: /No README found for octo\/none: the GitHub API has none \(the workspace was not searched: it is not a checkout of "repository"\)\. Check the "repository" input/,
      },
      {
        name: 'a binary README',
        inputs: { tags: VOCAB, 'readme-path': 'logo.png' },
        files: { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]) },
        error: /logo\.png\) looks like a binary file/,
      },
      {
        name: 'a README that is not UTF-8',
        inputs: { tags: VOCAB, 'readme-path': 'README.md' },
        files: { 'README.md': Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]) },
        error: /is not valid UTF-8 text/,
      },
      { name: 'duplicate tags after normalisation', inputs: { tags: 'Database, database' }, error: /"Database" \(entry 0\) and "database" \(entry 1\) are the same tag/ },
      { name: 'provider openai without a key', inputs: { tags: VOCAB, provider: 'openai' }, error: /provider is openai but no API key was given: set the "api-key" input/ },
      { name: 'a bad repository', inputs: { tags: VOCAB, repository: 'not a repo' }, error: /Input "repository" must be "owner\/name"/ },
      { name: 'topics with an empty github-token', inputs: { tags: VOCAB, topics: 'merge', 'github-token': '' }, error: /Input "topics" is merge but "github-token" is empty/ },
      {
        name: 'an empty github-token when the README must come from the API',
        inputs: { tags: VOCAB, 'github-token': '' },
        repository: 'octo/remote',
        error: /Input "github-token" is empty, but the GitHub API is needed/,
      },
      {
        name: 'a malformed tags-file',
        inputs: { 'tags-file': 'tags.json' },
        files: { 'tags.json': '[{"name": "cli"}, {"name": }]' },
        error: /Input "tags-file" \(tags\.json\) is not valid JSON: unexpected "}" at line 1, column 28/,
      },
      { name: 'a tags-file of the wrong type', inputs: { 'tags-file': 'tags.toml' }, files: { 'tags.toml': 'x' }, error: /Input "tags-file" must be a \.json, \.yml or \.yaml file/ },
    ];
    for (const c of cases) {
      it(`rejects ${c.name}`, async () => {
        const workspace = makeWorkspace(c.files ?? {});
        const run = await runAction({ apiUrl: gh.url, workspace, repository: c.repository, inputs: c.inputs });
        assert.equal(run.code, 1, run.stdout);
        const error = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
        assert.match(error, c.error);
      });
    }
  });

  it('ships a dist/index.js that action.yml points at', () => {
    const yml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    assert.match(yml, /using: 'node24'/);
    assert.match(yml, /main: 'dist\/index\.js'/);
  });
  it("decides a language tag from the repository's primary language in the API", async () => {
    const workspace = makeWorkspace({ 'README.md': '# chrono-kit\n\nA small helper for parsing dates and durations in any time zone.\n' });
    const plain = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/widget', inputs: { tags: 'python, go, parser' } });
    assert.ok(!(JSON.parse(plain.outputs['tags-json']) as string[]).includes('python'), plain.outputs['tags-json']);
    const run = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/pylib', inputs: { tags: 'python, go, parser' } });
    assert.equal(run.code, 0, run.stdout);
    assert.ok((JSON.parse(run.outputs['tags-json']) as string[]).includes('python'), run.outputs['tags-json']);
  });

  it("decides a language tag from the checkout's files when there is no token, and only from its source files", async () => {
    const readme = '# chrono-kit\n\nA small helper for parsing dates and durations in any time zone.\n';
    const source = 'def parse(text):\n    return text\n'.repeat(200);
    const files = { 'README.md': readme, 'chrono/__init__.py': source, 'chrono/zones.py': source, 'setup.cfg': '[metadata]\nname = chrono-kit\n' };
    const run = await runAction({ apiUrl: gh.url, workspace: makeWorkspace(files), token: '', inputs: { tags: 'python, go, parser' } });
    assert.equal(run.code, 0, run.stdout);
    assert.ok((JSON.parse(run.outputs['tags-json']) as string[]).includes('python'), run.outputs['tags-json']);
    assert.match(run.stdout, /::debug::Repository language \(from the checkout's files, \d+ ms, \d+ entries\): Python/);
    // The same README and files, less the .py files: no python.
    const { 'chrono/__init__.py': _a, 'chrono/zones.py': _b, ...rest } = files;
    const bare = await runAction({ apiUrl: gh.url, workspace: makeWorkspace(rest), token: '', inputs: { tags: 'python, go, parser' } });
    assert.equal(bare.code, 0, bare.stdout);
    assert.ok(!(JSON.parse(bare.outputs['tags-json']) as string[]).includes('python'), bare.outputs['tags-json']);
    assert.match(bare.stdout, /::debug::Repository language: none \(the API gave none and the checkout has no source file/);
    // Python files in node_modules/ or a dot-folder are not the repository's.
    const vendored = await runAction({
      apiUrl: gh.url,
      workspace: makeWorkspace({ ...rest, 'node_modules/x/a.py': source, '.venv/lib/b.py': source }),
      token: '',
      inputs: { tags: 'python, go, parser' },
    });
    assert.ok(!(JSON.parse(vendored.outputs['tags-json']) as string[]).includes('python'), vendored.outputs['tags-json']);
  });

  it("prefers the API's language to the checkout's, and uses the checkout's when the API has none", async () => {
    const readme = '# chrono-kit\n\nA small helper for parsing dates and durations in any time zone.\n';
    const source = 'def parse(text):\n    return text\n'.repeat(200);
    const workspace = makeWorkspace({ 'README.md': readme, 'chrono/core.py': source });
    const api = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/golib', inputs: { tags: 'python, go, parser' } });
    assert.equal(api.code, 0, api.stdout);
    const apiTags = JSON.parse(api.outputs['tags-json']) as string[];
    assert.ok(apiTags.includes('go') && !apiTags.includes('python'), api.outputs['tags-json']);
    assert.match(api.stdout, /::debug::Repository language \(from the GitHub API\): Go/);
    assert.doesNotMatch(api.stdout, /from the checkout's files/);
    const none = await runAction({ apiUrl: gh.url, workspace, repository: 'octo/widget', inputs: { tags: 'python, go, parser' } });
    assert.ok((JSON.parse(none.outputs['tags-json']) as string[]).includes('python'), none.outputs['tags-json']);
    assert.match(none.stdout, /::debug::Repository language \(from the checkout's files/);
  });

  it('adds topics from knowledge-file, and fails naming the input and the entry when an entry is broken', async () => {
    const kb =
      'entries:\n  - names: [warp-drive]\n    cues: [warp drive 3, faster than light 3]\n    examples:\n      selects: A simulator of warp drive physics.\n      rejects: A drive-by download scanner.\n';
    const readme = '# Cochrane\n\nCochrane simulates faster than light travel and warp drive field geometry.\n';
    const workspace = makeWorkspace({ 'README.md': readme, '.github/knowledge.yml': kb, '.github/bad.yml': kb.replace('faster than light 3', 'faster than light 7') });
    const run = await runAction({ apiUrl: gh.url, workspace, inputs: { tags: 'warp-drive, game', 'knowledge-file': '.github/knowledge.yml' } });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(JSON.parse(run.outputs['tags-json']), ['warp-drive']);
    assert.match(run.stdout, /Knowledge: the built-in knowledge with the entries of \.github\/knowledge\.yml/);
    const bad = await runAction({ apiUrl: gh.url, workspace, inputs: { tags: 'warp-drive, game', 'knowledge-file': '.github/bad.yml' } });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stdout, /::error::Input "knowledge-file" \(\.github\/bad\.yml\): 1 problem .*entry 1 \("warp-drive"\): the cue "faster than light 7" has a weight above 3/);
    const missing = await runAction({ apiUrl: gh.url, workspace, inputs: { tags: 'warp-drive', 'knowledge-file': 'nope.yml' } });
    assert.match(missing.stdout, /::error::Input "knowledge-file": nope\.yml does not exist in the workspace/);
  });
});
