/**
 * batch.ts: items streamed from the --input file, and outcomes handed over in
 * input order with back-pressure, through the real offline classifier.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchItems, parseBatchInput, runBatch, textLines, type BadItem, type BatchItem, type BatchOutcome } from '../src/batch.ts';
import { createClassifier } from '../src/classify/index.ts';
import { parseVocabulary } from '../src/tags.ts';

const GAME = '# Pixel Quest\n\nA retro platformer game you can play in the browser.';

async function* chunksOf(text: string, sizes: number[]): AsyncGenerator<string> {
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length];
    yield text.slice(at, at + size);
    at += size;
  }
}

async function collect<T>(values: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const v of values) all.push(v);
  return all;
}

describe('batch.ts', () => {
  it('reads items from a stream cut anywhere exactly as parseBatchInput reads the whole text', async () => {
    const text = [
      JSON.stringify({ id: 'a', readme: 'é日本\r\n' + 'x'.repeat(300) }),
      '',
      '   ',
      '{not json',
      JSON.stringify({ id: 2, path: 'r.md' }),
      '[1]',
      JSON.stringify({ readme: 'no id' }),
      JSON.stringify({ id: 'last', readme: 'no newline at the end' }),
    ].join('\n');
    const whole = parseBatchInput(text);
    for (const sizes of [[1], [7, 3], [64], [text.length]]) {
      assert.deepEqual(await collect(batchItems(textLines(chunksOf(text, sizes)))), whole, `chunks of ${sizes.join(',')}`);
    }
    assert.equal(whole.length, 6);
    assert.match((whole[1] as BadItem).error, /^line 4: not valid JSON/);
  });

  it('pulls no more items than its workers need while a slow writer holds an outcome, then hands every outcome over in order', async () => {
    const total = 50;
    let pulled = 0;
    async function* items(): AsyncGenerator<BatchItem> {
      for (let i = 0; i < total; i++) {
        pulled++;
        yield { id: `i${i}`, readme: GAME };
      }
    }
    let release!: () => void;
    const held = new Promise<void>((resolveHeld) => (release = resolveHeld));
    const seen: string[] = [];
    const run = runBatch({
      items: items(),
      total,
      classifier: createClassifier({ provider: 'offline' }),
      vocabulary: parseVocabulary('game,cli', 'test').tags,
      maxTags: 3,
      concurrency: 3,
      retain: false,
      onOutcome: async (outcome: BatchOutcome) => {
        seen.push(outcome.id);
        if (seen.length === 1) await held;
      },
    });
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    assert.ok(pulled <= 3 + 1, `pulled ${pulled} items while the first outcome was held`);
    release();
    const summary = await run;
    assert.equal(summary.done, total);
    assert.deepEqual(
      seen,
      Array.from({ length: total }, (_, i) => `i${i}`),
    );
  });
});

const CHRONO = '# chrono-kit\n\nA small helper for parsing dates and durations in any time zone.\n';

describe('batch.ts: the optional signals beside a README on an input line', () => {
  it('reads an optional description and language from an input line, and ignores them when not strings', () => {
    const items = parseBatchInput(
      [
        JSON.stringify({ id: 'a', readme: CHRONO, language: 'Python', description: 'Dates for humans' }),
        JSON.stringify({ id: 'b', path: 'x.md', language: 'Go', repository: 'octo/x' }),
        JSON.stringify({ id: 'c', readme: CHRONO, language: 42, description: ['no'] }),
        JSON.stringify({ id: 'd', readme: CHRONO, language: '  ' }),
      ].join('\n'),
    );
    assert.deepEqual(items, [
      { id: 'a', readme: CHRONO, description: 'Dates for humans', language: 'Python' },
      { id: 'b', path: 'x.md', language: 'Go', repository: 'octo/x' },
      { id: 'c', readme: CHRONO },
      { id: 'd', readme: CHRONO },
    ]);
  });

  it("hands an item's language and description to the classifier", async () => {
    const vocabulary = [
      { name: 'python', topic: 'python' },
      { name: 'parser', topic: 'parser' },
      { name: 'finance', topic: 'finance' },
    ];
    const { outcomes } = await runBatch({
      items: [
        { id: 'plain', readme: CHRONO },
        { id: 'python', readme: CHRONO, language: 'Python' },
        { id: 'described', readme: CHRONO, description: 'Date parsing for finance and accounting teams' },
      ],
      classifier: createClassifier({ provider: 'offline' }),
      vocabulary,
      maxTags: 3,
    });
    assert.ok(!outcomes[0].tags!.includes('python') && !outcomes[0].tags!.includes('finance'), outcomes[0].tags!.join());
    assert.ok(outcomes[1].tags!.includes('python'), outcomes[1].tags!.join());
    assert.ok(outcomes[2].tags!.includes('finance'), outcomes[2].tags!.join());
  });
});
