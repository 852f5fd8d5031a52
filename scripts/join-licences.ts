/**
 * One licences file for a bundle that ncc split into chunks: `node scripts/join-licences.ts dist/cli`
 * (run by `npm run build` for dist/ and dist/cli/).
 *
 * Code that most runs never need is loaded with a dynamic import, so ncc writes it as a chunk of its
 * own (`NNN.index.js`) that is parsed only when used: the openai SDK (openai.ts, first request) in
 * both bundles, and in the CLI the GitHub client (Octokit, undici) that only `repos` loads.
 * ncc's licence plugin then writes one licence file per chunk, and with one file name
 * for all (`--license licenses.txt`) the chunks overwrite each other and packages go missing. So
 * the build asks for `--license '[name].licenses.txt'` (one file per chunk: `main.licenses.txt`
 * for the entry, `NNN.licenses.txt` for the others), and this joins them into `licenses.txt`,
 * the entry's first, then the chunks' by name, and removes the parts. test/bundle.test.ts checks
 * that every package in the bundle is named.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('join-licences: give the folder of a bundle, e.g. dist/cli\n');
  process.exit(2);
}
const PART = /^(.+)\.licenses\.txt$/;
const parts = readdirSync(dir)
  .filter((name) => PART.test(name))
  .sort((a, b) => Number(b.startsWith('main.')) - Number(a.startsWith('main.')) || a.localeCompare(b));
if (!parts.some((name) => name === 'main.licenses.txt')) {
  process.stderr.write(`join-licences: ${dir} has no main.licenses.txt; build with ncc --license '[name].licenses.txt'\n`);
  process.exit(1);
}
const text = parts.map((name) => readFileSync(join(dir, name), 'utf8').trim()).join('\n\n') + '\n';
writeFileSync(join(dir, 'licenses.txt'), text);
for (const name of parts) rmSync(join(dir, name));
process.stdout.write(`join-licences: ${dir}/licenses.txt from ${parts.join(', ')}\n`);
