/**
 * The bundles as shipped: code most runs never need is a chunk of its own, parsed only when used
 * (the openai SDK in both, loaded by the first openai request; in the CLI also the GitHub client,
 * Octokit and undici, that only `repos` loads), and each licenses.txt still names every package
 * its bundle carries, the chunks' too (ncc writes one licence file per chunk;
 * scripts/join-licences.ts joins them). `repos` loading the chunk is run end to end by
 * test/e2e-fleet.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ENTRY, exec, ROOT } from './helpers/action.ts';
import { execFileSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';

const CLI_DIR = join(ROOT, 'dist', 'cli');

/** The packages whose code the CLI bundle carries: the ones src/ imports and those they bring. */
const BUNDLED = [
  'openai',
  'yaml',
  'marked',
  '@octokit/rest',
  '@octokit/core',
  '@octokit/request',
  '@octokit/plugin-retry',
  '@octokit/plugin-throttling',
  'bottleneck',
  'undici',
  '@actions/http-client',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('dist/ and dist/cli/ (the bundles)', () => {
  it('names every bundled package in licenses.txt, with its licence, the GitHub client chunk’s packages too', () => {
    const licences = readFileSync(join(CLI_DIR, 'licenses.txt'), 'utf8');
    for (const name of BUNDLED) assert.match(licences, new RegExp(`^${escape(name)}\\n[\\w.-]+\\n`, 'm'), `${name} is named in dist/cli/licenses.txt`);
    assert.match(licences, /^@octokit\/rest\nMIT\n/m);
    assert.match(licences, /^openai\nApache-2\.0\n/m);
    assert.deepEqual(
      readdirSync(CLI_DIR).filter((f) => f.endsWith('.licenses.txt')),
      [],
      'the per-chunk licence files are joined and removed',
    );
  });

  it('names the action bundle’s packages in dist/licenses.txt, the openai chunk’s too', () => {
    const licences = readFileSync(join(ROOT, 'dist', 'licenses.txt'), 'utf8');
    for (const name of ['@actions/core', 'openai', 'yaml', '@octokit/rest', 'undici'])
      assert.match(licences, new RegExp(`^${escape(name)}\\n[\\w.-]+\\n`, 'm'), `${name} is named in dist/licenses.txt`);
    assert.deepEqual(
      readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.licenses.txt')),
      [],
    );
  });

  it('keeps the openai SDK out of both entry files: it is a chunk that the first openai request loads', () => {
    for (const dir of [CLI_DIR, join(ROOT, 'dist')]) {
      const chunks = readdirSync(dir).filter((f) => /^\d+\.index\.js$/.test(f));
      // The SDK's own code (its client and an error class), not a comment naming it.
      for (const marker of ['class OpenAI {', 'class APIConnectionTimeoutError']) {
        assert.ok(!readFileSync(join(dir, 'index.js'), 'utf8').includes(marker), `${dir}/index.js carries ${marker}`);
        assert.ok(
          chunks.some((f) => readFileSync(join(dir, f), 'utf8').includes(marker)),
          `a chunk in ${dir} carries ${marker}`,
        );
      }
    }
  });

  it('keeps the GitHub client out of the entry file: Octokit and undici are in a chunk beside it', () => {
    const entry = readFileSync(CLI_ENTRY, 'utf8');
    const chunks = readdirSync(CLI_DIR).filter((f) => /^\d+\.index\.js$/.test(f));
    assert.ok(chunks.length >= 1, `dist/cli has chunk files: ${readdirSync(CLI_DIR).join(', ')}`);
    const chunkText = chunks.map((f) => readFileSync(join(CLI_DIR, f), 'utf8')).join('\n');
    // Code, not comments: our client's builder, Octokit's user agent and throttling plugin, an undici error code.
    for (const marker of ['function createGitHubClient(', 'octokit-rest.js', 'plugin-throttling error:', 'UND_ERR_CONNECT_TIMEOUT']) {
      assert.ok(!entry.includes(marker), `dist/cli/index.js carries ${marker}`);
      assert.ok(chunkText.includes(marker), `a chunk carries ${marker}`);
    }
    assert.ok(entry.length < 2 * 1024 * 1024, `dist/cli/index.js is ${entry.length} bytes`);
  });

  it('classifies offline without loading an HTTP client: no tls, https or http2 module is loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-bundle-'));
    const preload = join(dir, 'modules.mjs');
    writeFileSync(
      preload,
      "process.on('exit', () => process.stderr.write('\\nloaded: ' + process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(' ') + '\\n'));\n",
    );
    writeFileSync(join(dir, 'README.md'), '# Tidebase\n\nTidebase is a serverless Postgres database with separated storage and compute.\n');
    const run = await exec(process.execPath, ['--import', preload, CLI_ENTRY, 'classify', join(dir, 'README.md'), '--tags', 'database,serverless,cli'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir },
      cwd: dir,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).tags.slice(0, 1), ['database']);
    const loaded = /^loaded: (.*)$/m.exec(run.stderr)?.[1].split(' ') ?? [];
    assert.ok(loaded.includes('fs'), `the module list was read: ${run.stderr}`);
    for (const name of ['tls', 'https', 'http2']) assert.ok(!loaded.includes(name), `${name} was loaded: ${loaded.join(' ')}`);
  });

  it('ships no chunk its bundle does not load: every NNN.index.js of dist/ and dist/cli/ is loaded by an import() of its bundle', () => {
    for (const dir of [join(ROOT, 'dist'), CLI_DIR]) {
      const chunks = readdirSync(dir).filter((f) => /^\d+\.index\.js$/.test(f));
      const code = [readFileSync(join(dir, 'index.js'), 'utf8'), ...chunks.map((f) => readFileSync(join(dir, f), 'utf8'))].join('\n');
      for (const chunk of chunks) {
        const id = chunk.split('.')[0];
        assert.match(code, new RegExp(`__nccwpck_require__\\.e\\(\\/\\* import\\(\\) \\*\\/ ${id}\\)|__nccwpck_require__\\.e\\(${id}\\)`), `${dir}/${chunk} is loaded by its bundle`);
      }
    }
  });

  it('removes the old chunk files before a build writes new ones (scripts/clean-chunks.ts), and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clean-chunks-'));
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    for (const f of ['dist/index.js', 'dist/674.index.js', 'dist/licenses.txt', 'dist/cli/999.index.js', 'dist/cli/index.js', 'dist/cli/package.json', 'dist/cli/a1.index.js'])
      writeFileSync(join(dir, f), '');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'clean-chunks.ts')], { cwd: dir });
    assert.equal(existsSync(join(dir, 'dist', '674.index.js')), false);
    assert.equal(existsSync(join(dir, 'dist', 'cli', '999.index.js')), false);
    for (const f of ['dist/index.js', 'dist/licenses.txt', 'dist/cli/index.js', 'dist/cli/package.json', 'dist/cli/a1.index.js']) assert.ok(existsSync(join(dir, f)), `${f} is kept`);
  });
});
