/**
 * README parsing on real READMEs, in process: `npm run bench:parse [-- --data DIR ...] [--against PATH] [--rounds 9]`.
 *
 * Parses every README of the benchmark sets (default ../shared/bench/dev and
 * ../shared/bench/ext-dev) with parseReadme() in rounds, and prints the median
 * round's time per README. With --against, another checkout's src/readme.ts
 * (say a worktree of main: `git worktree add /tmp/main main`) is timed in
 * alternating rounds in the same process, and the ratio of the medians is
 * printed: the README used to be parsed twice a run (pipeline.ts hasText and
 * the classifier), now once, so a ratio up to 2 costs no time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './median.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', multiple: true, default: ['../shared/bench/dev', '../shared/bench/ext-dev'] },
    against: { type: 'string' },
    rounds: { type: 'string', default: '9' },
  },
});
const rounds = Math.max(1, Number(values.rounds));

type Parse = (text: string) => unknown;
const load = async (path: string): Promise<Parse> => ((await import(pathToFileURL(resolve(path)).href)) as { parseReadme: Parse }).parseReadme;
const parsers: Array<[string, Parse]> = [['this checkout', await load('src/readme.ts')]];
if (values.against) parsers.push([values.against, await load(join(values.against, 'src/readme.ts'))]);

const texts = values.data!.flatMap((dir) => readdirSync(join(dir, 'readmes')).map((f) => readFileSync(join(dir, 'readmes', f), 'utf8')));
const chars = texts.reduce((n, t) => n + t.length, 0);

// One warm-up round each, then alternating rounds.
for (const [, parse] of parsers) for (const t of texts) parse(t);
const times = parsers.map((): number[] => []);
for (let r = 0; r < rounds; r++) {
  parsers.forEach(([, parse], i) => {
    const start = performance.now();
    for (const t of texts) parse(t);
    times[i].push(performance.now() - start);
  });
}
const perReadme = times.map((ts) => median(ts) / texts.length);
const lines = [`${texts.length} READMEs (${Math.round(chars / 1024)} KiB), ${rounds} rounds, node ${process.version}`];
parsers.forEach(([name], i) => lines.push(`${name}: median ${perReadme[i].toFixed(3)} ms per README`));
if (parsers.length > 1) lines.push(`ratio this / against: ${(perReadme[0] / perReadme[1]).toFixed(2)} (a run parses once now, twice before: up to 2.00 costs no time)`);
process.stdout.write(lines.join('\n') + '\n');
