/**
 * The CLI as users install it: `npm pack` makes the tarball, `npm install -g`
 * puts it into a temporary prefix offline (the bundles are self-contained, so
 * the package has no dependencies to fetch), and the installed `readme-tagger`
 * command runs the seed request on Node 24 (node_modules/.bin first on PATH,
 * for the bin's `#!/usr/bin/env node`).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { exec, ROOT, runCli } from './helpers/action.ts';

const SEED = join(ROOT, '..', 'shared', 'seed', 'neon-readme-tagging-request.txt');
const SKIP = !existsSync(SEED) && `the seed request is not beside the checkout (${SEED}): nothing to run through the installed command`;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies?: Record<string, string> };

/** The seed is a README, then `", Assign ... list I provide: [...]" returns me ...`: split it into the README and the tag list. */
function seedParts(): { readme: string; tags: string } {
  const text = readFileSync(SEED, 'utf8');
  const listStart = text.indexOf('[', text.lastIndexOf('list I provide:'));
  const listEnd = text.indexOf(']', listStart) + 1;
  return { readme: text.slice(0, text.lastIndexOf('", Assign')), tags: text.slice(listStart, listEnd) };
}

describe('the packed CLI (npm pack, npm install -g of the tarball)', { skip: SKIP }, () => {
  const work = mkdtempSync(join(tmpdir(), 'rt-pack-'));
  const prefix = join(work, 'prefix');
  // Built from scratch: no npm_config_* from an enclosing `npm test`, an empty cache, and Node 24 first on PATH.
  const env = {
    PATH: [join(prefix, 'bin'), join(ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter),
    HOME: work,
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  let files: string[] = [];
  let install = { code: -1, stdout: '', stderr: '' };

  before(async () => {
    const pack = await exec('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { env, cwd: ROOT });
    assert.equal(pack.code, 0, pack.stderr);
    const [packed] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = packed.files.map((f) => f.path);
    install = await exec('npm', ['install', '--global', '--offline', '--prefix', prefix, join(work, packed.filename)], { env, cwd: work });
  });

  it('has no runtime dependencies, so installing needs no registry', () => {
    assert.deepEqual(pkg.dependencies ?? {}, {});
    assert.equal(install.code, 0, `npm install -g --offline failed:\n${install.stderr}`);
  });

  it('ships both bundles with their licence texts, the README and LICENSE, and no sources or tests', () => {
    for (const file of ['dist/index.js', 'dist/licenses.txt', 'dist/cli/index.js', 'dist/cli/licenses.txt', 'action.yml', 'README.md', 'LICENSE', 'package.json']) {
      assert.ok(files.includes(file), `${file} is in the tarball: ${files.join(', ')}`);
    }
    assert.deepEqual(
      files.filter((f) => /^(src|test|scripts|bench)\//.test(f)),
      [],
    );
    assert.match(readFileSync(join(ROOT, 'dist', 'cli', 'licenses.txt'), 'utf8'), /openai[\s\S]*Apache License/);
  });

  it('runs the seed request through the installed readme-tagger command and prints the line the checkout prints', async () => {
    assert.equal(install.code, 0, install.stderr);
    const { readme, tags } = seedParts();
    writeFileSync(join(work, 'README.md'), readme);
    writeFileSync(join(work, 'seed-tags.json'), tags);
    const args = ['classify', join(work, 'README.md'), '--tags', join(work, 'seed-tags.json'), '--id', '2090'];
    const installed = await exec('readme-tagger', args, { env, cwd: work });
    assert.equal(installed.code, 0, installed.stderr);
    const result = JSON.parse(installed.stdout) as { id: string; tags: string[] };
    assert.equal(result.id, '2090');
    assert.ok(result.tags.length >= 1 && result.tags.length <= 3, installed.stdout);
    assert.ok(result.tags.includes('database'), installed.stdout);
    const names = (JSON.parse(tags) as Array<{ name: string }>).map((t) => t.name);
    for (const tag of result.tags) assert.ok(names.includes(tag), `${tag} is from the seed list`);
    const checkout = await runCli(args, { cwd: work });
    assert.equal(installed.stdout, checkout.stdout);
  });

  it('reports its version from the installed command', async () => {
    const run = await exec('readme-tagger', ['--version'], { env, cwd: work });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), pkg.version);
  });
});
