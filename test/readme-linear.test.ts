/**
 * README parsing takes time linear in the README's size, whatever the README
 * holds (issue 7, bounded work). A README is outside input of up to
 * MAX_README_BYTES; a regex that backtracks over it (a lazy scan to a closing
 * tag from every unclosed `<pre`, `[^\]]*` from every `[`) holds a workflow
 * step for minutes.
 *
 * Each timing runs in a worker (test/helpers/parse-timer.ts) that is stopped
 * at a deadline, so the old, quadratic code fails these tests in seconds
 * instead of hanging them. Times are the worker's CPU time, the fastest of a
 * few runs, and the bounds generous (a loaded 2-core machine must never trip
 * them): at most 8 times more at 128 KiB than at 32 KiB, plus 100 ms (linear
 * is 4, quadratic 16), and 512 KiB in under 10 s (the code under test needs
 * well under 1 s; the old code took minutes). Many-block READMEs (a list item
 * or a heading a line), slow by nature but linear, are measured by
 * `npm run bench:parser` instead.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { cleanReadme, parseReadme } from '../src/readme.ts';
import { MAX_README_BYTES } from '../src/readme-load.ts';
import { CLASSIFIER_CASES, PARSER_CASES } from './helpers/hostile.ts';
import type { TimerJob, TimerResult } from './helpers/parse-timer.ts';

const KIB = 1024;
const SMALL = 32 * KIB;
const LARGE = 128 * KIB;
/** The fastest run at 128 KiB is at most this many times the fastest at 32 KiB, plus SLACK_MS. */
const MAX_RATIO = 8;
const SLACK_MS = 100;
const MAX_MS_AT_CAP = 10_000;
/** A worker still busy after this long has met quadratic time (the new code needs a second or two). */
const DEADLINE_MS = 30_000;

interface Timing {
  small: number;
  large: number;
  cap: number;
}

/** Times `stage` over `job`'s text at 32 KiB and 128 KiB (fastest of 2 each) and at the 512 KiB cap (once). */
function timeInWorker(job: Omit<TimerJob, 'sizes'>): Promise<Timing> {
  // (The offline classifier reads at most 200,000 characters: its ratio is taken below that too.)
  const sizes: TimerJob['sizes'] = [
    [SMALL, 2],
    [LARGE, 2],
    [MAX_README_BYTES, 1],
  ];
  const worker = new Worker(new URL('./helpers/parse-timer.ts', import.meta.url), { workerData: { ...job, sizes } satisfies TimerJob });
  const results: TimerResult[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      const done = results.map((r) => `${r.size / KIB} KiB in ${Math.round(r.ms)} ms`).join(', ') || 'nothing';
      reject(new Error(`still parsing after ${DEADLINE_MS / 1000} s (finished: ${done}): time is not linear`));
    }, DEADLINE_MS);
    worker.on('message', (result: TimerResult) => {
      results.push(result);
      if (results.length === sizes.length) {
        clearTimeout(timer);
        void worker.terminate();
        resolve({ small: results[0].ms, large: results[1].ms, cap: results[2].ms });
      }
    });
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function assertLinear(job: Omit<TimerJob, 'sizes'>): Promise<void> {
  const t = await timeInWorker(job);
  const figures = `32 KiB: ${t.small.toFixed(1)} ms, 128 KiB: ${t.large.toFixed(1)} ms, 512 KiB: ${t.cap.toFixed(1)} ms`;
  assert.ok(t.large <= MAX_RATIO * t.small + SLACK_MS, `128 KiB takes more than ${MAX_RATIO}x 32 KiB (${figures})`);
  assert.ok(t.cap < MAX_MS_AT_CAP, `512 KiB takes ${Math.round(t.cap)} ms (${figures})`);
}

describe('readme.ts in linear time', () => {
  for (const c of PARSER_CASES) {
    it(`parses 512 KiB of ${c.name} in linear time`, () => assertLinear({ prefix: c.prefix, unit: c.unit, suffix: c.suffix, stage: 'parse' }));
  }
});

describe('offline classifier and prompt in linear time', () => {
  for (const c of CLASSIFIER_CASES) {
    it(`reads 512 KiB of ${c.name} in linear time (${c.stage})`, () => assertLinear({ prefix: c.prefix, unit: c.unit, suffix: c.suffix, stage: c.stage! }));
  }
});

/** Pieces of hostile Markdown, HTML and reStructuredText, mixed with words. */
const FRAGMENTS = [
  '[',
  ']',
  '(',
  ')',
  '![',
  '[![',
  '](',
  '][',
  '[ ] ',
  '`',
  '``',
  '```',
  '```\n',
  '*',
  '**',
  '_',
  '__',
  '~~',
  '<',
  '>',
  '<!--',
  '-->',
  '```\n<!--\n```\n',
  '<script',
  '</script>',
  '<pre>',
  '</pre>',
  '<h1>',
  '</h1>',
  '<h2 class="x">',
  '<img alt="',
  '<div>',
  '</div>',
  '<li>',
  '<a href="',
  '<http://',
  '&amp;',
  '&#',
  '#',
  '# ',
  '|',
  ':',
  '::',
  '.. ',
  '.. note::\n',
  '@',
  'a.',
  '\n',
  '\n\n',
  ' ',
  '    ',
  '\t',
  '- ',
  '1. ',
  '> ',
  '===',
  '---',
  '\u2028',
  '\r\n',
  'word',
  'the quick brown fox',
  'é',
  '中文',
  'npm i ',
  ' -g',
  'curl ',
  'const x',
  ' = require(',
  'x(',
  '$ ',
];
const fragment = fc.constantFrom(...FRAGMENTS);
/** A short hostile unit, e.g. "[`<!--". */
const unit = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
/** A README of fragments and runs of repeated units. */
const hostileReadme = fc
  .array(
    fc.oneof(
      fragment,
      fc.tuple(unit, fc.integer({ min: 2, max: 200 })).map(([u, n]) => u.repeat(n)),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('readme.ts on generated hostile READMEs', () => {
  it('never throws and keeps its output within a small multiple of the input', () => {
    fc.assert(
      fc.property(hostileReadme, (text) => {
        const doc = parseReadme(text);
        const cleaned = cleanReadme(text);
        const bound = 2 * text.length + 16;
        assert.ok(cleaned.length <= bound, `cleaned ${cleaned.length} chars from ${text.length}`);
        assert.ok(doc.title.length <= text.length && doc.tagline.length <= text.length);
        const total = doc.blocks.reduce((n, b) => n + b.text.length, 0);
        assert.ok(total <= bound, `blocks hold ${total} chars from ${text.length}`);
        assert.ok(doc.blocks.length <= text.split('\n').length + 2 * (text.split('<').length - 1) + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('parses any repeated hostile unit in linear time', async () => {
    await fc.assert(
      fc.asyncProperty(unit, async (u) => assertLinear({ unit: u, stage: 'parse' })),
      { numRuns: 4 },
    );
  });
});
