/**
 * The checkout-language count, in process: `npm run bench:checkout-language [-- --dir PATH] [--rounds 9]`.
 *
 * Counts the languages of a checkout (default: this one, node_modules/ and
 * dist/ included on disk, and skipped by the count) with checkoutLanguages()
 * as the action does when the API gives no language, and prints the first
 * round's time (the closest to a runner's first look at a fresh checkout,
 * though the OS may already cache the folders), the median of the rounds
 * after it, the entries looked at and the breakdown.
 */
import { parseArgs } from 'node:util';
import { median } from './median.ts';
import { checkoutLanguages } from '../src/checkout-language.ts';

const { values } = parseArgs({ options: { dir: { type: 'string', default: '.' }, rounds: { type: 'string', default: '9' } } });
const rounds = Math.max(1, Number(values.rounds));

const times: number[] = [];
let last;
for (let i = 0; i <= rounds; i++) {
  const started = performance.now();
  last = checkoutLanguages(values.dir!);
  times.push(performance.now() - started);
}
const [first, ...rest] = times;
process.stdout.write(
  `checkout ${values.dir}: ${last!.language ?? 'no language'}; ${last!.entries} entries${last!.complete ? '' : ' (stopped at the bound)'}\n` +
    `first round ${first.toFixed(1)} ms, median of ${rest.length} more ${median(rest).toFixed(1)} ms\n` +
    last!.breakdown.map((b) => `  ${b.language}: ${b.bytes} bytes in ${b.files} files`).join('\n') +
    '\n',
);
