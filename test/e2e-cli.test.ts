/**
 * The bundled CLI (dist/cli/index.js) run as a user runs it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CLI_ENTRY, exec, ROOT, runCli } from './helpers/action.ts';

const SEED = join(ROOT, '..', 'shared', 'seed', 'neon-readme-tagging-request.txt');

/** The seed request is a README followed by `", Assign "at most 3 tags" ... list I provide: [...]`. */
function seedReadme(): string {
  const text = readFileSync(SEED, 'utf8');
  return text.slice(0, text.lastIndexOf('", Assign'));
}

const GAME = '# Pixel Quest\n\nA retro platformer game you can play in the browser. Collect coins and beat levels in this 2D game.\n';
const LINTER = '# tidy-yaml\n\nA linter for YAML files: checks syntax, indentation and duplicate keys from the command line.\n';

describe('CLI (dist/cli/index.js) end to end', () => {
  it('tags the seed README with the seed list: valid JSON, id 2090, 1-3 tags, database among them', { skip: !existsSync(SEED) && 'seed not beside the checkout' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-cli-'));
    writeFileSync(join(dir, 'neon.md'), seedReadme());
    const run = await runCli(['classify', join(dir, 'neon.md'), '--tags', join(ROOT, 'examples', 'tags.json'), '--id', '2090']);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const result = JSON.parse(lines[0]) as { id: string; tags: string[] };
    assert.equal(result.id, '2090');
    assert.ok(result.tags.length >= 1 && result.tags.length <= 3, lines[0]);
    assert.ok(result.tags.includes('database'), lines[0]);
    const names = (JSON.parse(readFileSync(join(ROOT, 'examples', 'tags.json'), 'utf8')) as Array<{ name: string }>).map((t) => t.name.trim());
    for (const tag of result.tags) assert.ok(names.includes(tag), tag);
    assert.deepEqual(Object.keys(result), ['id', 'tags']);
  });

  it('reads standard input with -, and takes an inline list', async () => {
    const run = await runCli(['classify', '-', '--tags', 'game,linter,database'], { input: GAME });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '{"tags":["game"]}\n');
  });

  it('refuses a README path that is a pipe (bash process substitution), saying to give it on standard input, which works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-pipe-'));
    writeFileSync(join(dir, 'game.md'), GAME);
    const env = { PATH: process.env.PATH ?? '' };
    const asPath = await exec('bash', ['--norc', '-c', `"${process.execPath}" "${CLI_ENTRY}" classify <(cat game.md) --tags game,linter,database`], { env, cwd: dir });
    assert.equal(asPath.code, 1, asPath.stderr);
    assert.match(
      asPath.stderr,
      /\/dev\/fd\/\d+ is a pipe \(FIFO\), not a regular file, so it is not read; to read a pipe or a device, give it on standard input: readme-tagger classify - < \/dev\/fd\/\d+/,
    );
    assert.equal(asPath.stdout, '');
    const asStdin = await exec('bash', ['--norc', '-c', `"${process.execPath}" "${CLI_ENTRY}" classify - --tags game,linter,database < <(cat game.md)`], { env, cwd: dir });
    assert.equal(asStdin.code, 0, asStdin.stderr);
    assert.equal(asStdin.stdout, '{"tags":["game"]}\n');
  });

  it('explains scores and reasons on stderr with --explain, keeping stdout one JSON line', async () => {
    const run = await runCli(['classify', '-', '--tags', 'game,linter', '--explain'], { input: GAME });
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '{"tags":["game"]}\n');
    assert.match(run.stderr, /game/);
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['a missing --tags', ['classify', '-'], /--tags is required/],
    ['a bad --max-tags', ['classify', '-', '--tags', 'a,b', '--max-tags', '0'], /--max-tags must be a whole number from 1 to 20/],
    ['an unknown provider', ['classify', '-', '--tags', 'a', '--provider', 'x'], /--provider must be one of auto, offline, openai/],
    ['an unknown command', ['tag'], /unknown command "tag"/],
    ['an unknown flag', ['classify', '--nope'], /Unknown option '--nope'/],
    ['a missing tags file', ['classify', '-', '--tags', 'nope.json'], /--tags nope\.json: no such file/],
    ['a missing batch input', ['batch', '--tags', 'a,b', '--input', 'nope.jsonl'], /--input nope\.jsonl: no such file/],
    ['--id given to batch', ['batch', '--tags', 'a,b', '--input', 'x.jsonl', '--id', '1'], /--id is for classify/],
    [
      'a batch output that cannot be written',
      ['batch', '--tags', 'a,b', '--input', join(ROOT, 'package.json'), '--output', '/nonexistent-dir/out.jsonl'],
      /--output \/nonexistent-dir\/out\.jsonl: cannot write there/,
    ],
  ];
  for (const [what, args, error] of usage) {
    it(`exits 2 with a clear message for ${what}`, async () => {
      const run = await runCli(args, { input: GAME });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, error);
      assert.equal(run.stdout, '');
    });
  }

  it('leaves "id" out for an empty --id, as the action does', async () => {
    const run = await runCli(['classify', '-', '--tags', 'game,linter', '--id', ''], { input: GAME });
    assert.equal(run.stdout, '{"tags":["game"]}\n');
  });

  it('stops quietly when its output is closed early (batch | head -1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-epipe-'));
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `g${i}`, readme: GAME }));
    writeFileSync(join(dir, 'items.jsonl'), lines.join('\n'));
    const script = `set -o pipefail; "${process.execPath}" "${CLI_ENTRY}" batch --tags game,linter --input items.jsonl | head -1`;
    const run = await exec('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '' }, cwd: dir });
    assert.equal(run.stdout, '{"id":"g0","tags":["game"]}\n');
    assert.doesNotMatch(run.stderr, /at .*\(|Unhandled|node:internal/, 'no stack trace');
  });

  it('fails with exit 1 and names the file when the README does not exist', async () => {
    const run = await runCli(['classify', 'no-such-readme.md', '--tags', 'a,b']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no-such-readme\.md: no such file/);
  });

  it('batch: one line per item in input order, errors recorded, progress on stderr, exit 1 when any failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-batch-'));
    writeFileSync(join(dir, 'linter.md'), LINTER);
    const items = [
      JSON.stringify({ id: 'a', readme: GAME }),
      JSON.stringify({ id: 'b', path: 'linter.md' }),
      JSON.stringify({ id: 'c', path: 'missing.md' }),
      '{not json',
      JSON.stringify({ id: 7, readme: '' }),
    ].join('\n');
    writeFileSync(join(dir, 'items.jsonl'), items + '\n');
    writeFileSync(join(dir, 'tags.json'), '["game", "linter", "yaml", "database"]');
    const run = await runCli(['batch', '--tags', join(dir, 'tags.json'), '--input', join(dir, 'items.jsonl'), '--output', join(dir, 'out.jsonl')]);
    assert.equal(run.code, 1, run.stderr);
    const out = readFileSync(join(dir, 'out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(out.length, 5);
    assert.deepEqual(out[0], { id: 'a', tags: ['game'] });
    assert.equal(out[1].id, 'b');
    assert.ok(out[1].tags.includes('linter'), JSON.stringify(out[1]));
    assert.equal(out[2].id, 'c');
    assert.match(out[2].error, /missing\.md: no such file/);
    assert.match(out[3].error, /line 4: not valid JSON/);
    assert.deepEqual(out[4], { id: '7', tags: [] });
    assert.match(run.stderr, /5\/5 \(100%\), 2 failed/);
    assert.match(run.stderr, /done: 3 tagged, 2 failed/);
  });

  it('batch writes to stdout without --output and exits 0 when every item succeeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-batch-'));
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `g${i}`, readme: i % 2 ? GAME : LINTER }));
    writeFileSync(join(dir, 'items.jsonl'), lines.join('\n'));
    const run = await runCli(['batch', '--tags', 'game,linter', '--input', join(dir, 'items.jsonl'), '--concurrency', '3']);
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; tags: string[] });
    assert.deepEqual(
      out.map((o) => o.id),
      Array.from({ length: 30 }, (_, i) => `g${i}`),
    );
    assert.deepEqual(out[1].tags, ['game']);
    assert.deepEqual(out[0].tags, ['linter']);
  });
  it('adds a topic from --knowledge (YAML) and refuses a knowledge file with a broken entry, naming it (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-kb-'));
    const readme = '# Cochrane\n\nCochrane simulates faster than light travel: warp core tuning and field geometry.\n';
    writeFileSync(
      join(dir, 'kb.yml'),
      'entries:\n  - names: [warp-drive]\n    cues: [warp drive 3, faster than light 3, warp core 2]\n    examples:\n      selects: A simulator of warp drive physics.\n      rejects: A drive-by download scanner.\n',
    );
    const without = await runCli(['classify', '-', '--tags', 'warp-drive,game'], { input: readme });
    assert.equal(without.stdout, '{"tags":[]}\n', without.stderr);
    const run = await runCli(['classify', '-', '--tags', 'warp-drive,game', '--knowledge', join(dir, 'kb.yml')], { input: readme });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '{"tags":["warp-drive"]}\n');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ entries: [{ names: ['warp-drive'], cues: ['warp drive 3', 'warp drives 2'], examples: { selects: 'a', rejects: 'b' } }] }));
    const bad = await runCli(['classify', '-', '--tags', 'warp-drive', '--knowledge', join(dir, 'bad.json')], { input: readme });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--knowledge .*bad\.json: 1 problem .*entry 1 \("warp-drive"\): the cue "warp drives 2" matches the same words as "warp drive 3"/);
    const missing = await runCli(['classify', '-', '--tags', 'warp-drive', '--knowledge', join(dir, 'nope.yml')], { input: readme });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--knowledge .*nope\.yml: no such file/);
  });

  it("runs the README's knowledge-file example as the README shows it: the file adds warp-drive to the result", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Teach it your topics'));
    const file = /```yaml\n# (\S+)\n([\s\S]*?)```/.exec(section);
    const command = /```sh\nreadme-tagger (classify README\.md .*)\n```/.exec(section);
    const claim = /For a README that says "([^"]+)" this prints `([^`]+)`; without the file, `([^`]+)`/.exec(section.replace(/\s*\n\s*/g, ' '));
    assert.ok(file && command && claim, 'the README shows a knowledge file, the command that uses it and what it prints');
    const [, path, yaml] = file;
    const [, sentence, withFile, withoutFile] = claim;
    assert.notEqual(withFile, withoutFile, 'the example shows the file changing the result');
    const dir = mkdtempSync(join(tmpdir(), 'rt-readme-kb-'));
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), yaml);
    writeFileSync(join(dir, 'README.md'), `${sentence}\n`);
    // The README's command line, split as the shell would (double quotes only).
    const args = [...command[1].matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
    assert.ok(args.includes('--knowledge'));
    const run = await runCli(args, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${withFile}\n`);
    const knowledgeAt = args.indexOf('--knowledge');
    const without = await runCli([...args.slice(0, knowledgeAt), ...args.slice(knowledgeAt + 2)], { cwd: dir });
    assert.equal(without.stdout, `${withoutFile}\n`, without.stderr);
  });

  it("batch passes an item's language to the offline classifier", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-batch-lang-'));
    const readme = '# chrono-kit\n\nA small helper for parsing dates and durations in any time zone.\n';
    writeFileSync(join(dir, 'items.jsonl'), [JSON.stringify({ id: 'plain', readme }), JSON.stringify({ id: 'py', readme, language: 'Python' })].join('\n'));
    const run = await runCli(['batch', '--tags', 'python,go,parser', '--input', join(dir, 'items.jsonl')]);
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; tags: string[] });
    assert.ok(!out[0].tags.includes('python') && out[1].tags.includes('python'), run.stdout);
  });

  it("classify counts the current directory's files for the language when the README is in it, and --language overrides that", async () => {
    const readme = '# chrono-kit\n\nA small helper for parsing dates and durations in any time zone.\n';
    const source = 'def parse(text):\n    return text\n'.repeat(200);
    const dir = mkdtempSync(join(tmpdir(), 'rt-cli-lang-'));
    mkdirSync(join(dir, 'chrono'));
    writeFileSync(join(dir, 'README.md'), readme);
    writeFileSync(join(dir, 'chrono', 'core.py'), source);
    const tags = (run: { stdout: string }) => (JSON.parse(run.stdout) as { tags: string[] }).tags;
    // The README found in the current directory, and given by path inside it.
    for (const args of [[], ['README.md'], [join(dir, 'README.md')]]) {
      const run = await runCli(['classify', ...args, '--tags', 'python,go,parser'], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(tags(run).includes('python'), `${args.join(' ')}: ${run.stdout}`);
    }
    // --language wins over the files; standard input and a README outside the current directory take no language from it.
    const go = await runCli(['classify', '--tags', 'python,go,parser', '--language', 'Go'], { cwd: dir });
    assert.ok(tags(go).includes('go') && !tags(go).includes('python'), go.stdout);
    const stdin = await runCli(['classify', '-', '--tags', 'python,go,parser'], { cwd: dir, input: readme });
    assert.ok(!tags(stdin).includes('python'), stdin.stdout);
    const elsewhere = mkdtempSync(join(tmpdir(), 'rt-cli-lang-out-'));
    writeFileSync(join(elsewhere, 'README.md'), readme);
    const outside = await runCli(['classify', join(elsewhere, 'README.md'), '--tags', 'python,go,parser'], { cwd: dir });
    assert.ok(!tags(outside).includes('python'), outside.stdout);
    const given = await runCli(['classify', join(elsewhere, 'README.md'), '--tags', 'python,go,parser', '--language', 'Python'], { cwd: dir });
    assert.ok(tags(given).includes('python'), given.stdout);
  });

  it('classify takes --description as evidence; batch and repos refuse --language and --description (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-cli-desc-'));
    const readme = '# Pixelbox\n\nSee the docs for details.\n';
    const plain = await runCli(['classify', '-', '--tags', 'game,database,linter'], { cwd: dir, input: readme });
    assert.equal(plain.code, 0, plain.stderr);
    assert.ok(!(JSON.parse(plain.stdout) as { tags: string[] }).tags.includes('game'), plain.stdout);
    const described = await runCli(['classify', '-', '--tags', 'game,database,linter', '--description', 'A retro platformer game for the browser'], { cwd: dir, input: readme });
    assert.equal(described.code, 0, described.stderr);
    assert.ok((JSON.parse(described.stdout) as { tags: string[] }).tags.includes('game'), described.stdout);
    writeFileSync(join(dir, 'items.jsonl'), JSON.stringify({ id: '1', readme }));
    const batch = await runCli(['batch', '--tags', 'game', '--input', join(dir, 'items.jsonl'), '--language', 'Go']);
    assert.equal(batch.code, 2);
    assert.match(batch.stderr, /--language and --description are for classify/);
    const repos = await runCli(['repos', 'octo/*', '--tags', 'game', '--description', 'x']);
    assert.equal(repos.code, 2);
    assert.match(repos.stderr, /--description are not for repos/);
  });
});
