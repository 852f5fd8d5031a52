/**
 * The README stays true: every input and output of action.yml is in its
 * tables with the same default, nothing extra; .ci/run calls the README's
 * test command.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionYml, ROOT, runCli } from './helpers/action.ts';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Rows of the markdown table that follows `heading`, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const start = readme.indexOf(heading);
  assert.ok(start >= 0, `README has a "${heading}" heading`);
  const lines = readme.slice(start).split('\n').slice(1);
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2); // header and separator
}

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, '$1');

describe('README.md', () => {
  const yml = actionYml();

  it('documents every input of action.yml, with its default, and no others', () => {
    const rows = tableAfter('### Inputs');
    const documented = new Map(rows.map((r) => [unquote(r[0]), unquote(r[1])]));
    assert.deepEqual([...documented.keys()].sort(), Object.keys(yml.inputs).sort());
    for (const [name, spec] of Object.entries(yml.inputs)) {
      const expected = spec.default === '' || spec.default === undefined ? "''" : spec.default;
      assert.equal(documented.get(name), expected, `default of ${name}`);
    }
  });

  it('documents every output of action.yml, and no others', () => {
    const rows = tableAfter('### Outputs');
    assert.deepEqual(rows.map((r) => unquote(r[0])).sort(), Object.keys(yml.outputs).sort());
  });

  it('shows the quick start command with the output it really prints', async () => {
    const section = readme.slice(readme.indexOf('## Quick start'));
    const command = /```sh\nnpm ci\n(node dist\/cli\/index\.js [^\n]+)\n```/.exec(section);
    assert.ok(command, 'quick start has "npm ci" then one node dist/cli/index.js command');
    const shown = /```json\n([^\n]+)\n```/.exec(section);
    assert.ok(shown, 'quick start shows the output');
    const run = await runCli(command[1].split(' ').slice(2));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), shown[1]);
  });

  it("mentions every flag of the CLI's --help", async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    const flags = [...new Set(help.stdout.match(/--[a-z][a-z-]+/g) ?? [])];
    assert.ok(flags.length >= 10, flags.join(' '));
    for (const flag of flags) assert.ok(readme.includes(flag), `README mentions ${flag}`);
  });

  it('gives the test command that .ci/run runs', () => {
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    assert.match(readme, /```sh\nnpm ci\nnpm test\n```/);
    assert.match(ci, /^npm ci\b/m);
    assert.match(ci, /^npm test$/m);
  });
});
