/**
 * README parsing at the size cap: `npm run bench:parser [-- --runs 5]`.
 *
 * For each hostile README of test/helpers/hostile.ts (the worst case found for
 * every pattern the parser, the offline classifier's structure reading and the
 * prompt apply to README text), builds it at MAX_README_BYTES (512 KiB) and at
 * a quarter of that, runs its stage --runs times, and prints the median wall
 * time at the cap and the ratio of the medians (linear time gives about 4,
 * quadratic 16). A real README of 512 KiB is in the table too, for scale.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { median } from './median.ts';
import { MAX_README_BYTES } from '../src/readme-load.ts';
import { CLASSIFIER_CASES, hostileText, MANY_BLOCK_CASES, MORE_CASES, PARSER_CASES, STAGES, type HostileCase } from '../test/helpers/hostile.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Math.max(1, Number(values.runs));

function medianMs(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

// A real README, repeated to the cap: what an honest 512 KiB costs.
const seed = readFileSync(new URL('../../shared/seed/neon-readme-tagging-request.txt', import.meta.url), 'utf8');
const real: HostileCase = { name: 'the seed README repeated (not hostile)', unit: `${seed}\n\n` };

const rows: string[][] = [];
for (const c of [real, ...PARSER_CASES, ...MORE_CASES, ...MANY_BLOCK_CASES, ...CLASSIFIER_CASES]) {
  const stage = c.stage ?? 'parse';
  const quarter = hostileText(c, MAX_README_BYTES / 4);
  const full = hostileText(c, MAX_README_BYTES);
  const q = medianMs(() => STAGES[stage](quarter));
  const f = medianMs(() => STAGES[stage](full));
  rows.push([c.name, stage, f.toFixed(1), (f / Math.max(q, 0.01)).toFixed(1)]);
}

const head = ['README (512 KiB)', 'stage', 'median ms', 'x vs 128 KiB'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
process.stdout.write(
  [`${runs} runs each, node ${process.version}`, '', line(head), `| ${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`, ...rows.map(line)].join('\n') + '\n',
);
