/**
 * batch.ts: the optional signals beside a README on an input line, and what
 * they do on the way to the classifier.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBatchInput, runBatch } from '../src/batch.ts';
import { createClassifier } from '../src/classify/index.ts';

const README = '# chrono-kit\n\nA small helper for parsing dates and durations in any time zone.\n';

describe('batch.ts', () => {
  it('reads an optional description and language from an input line, and ignores them when not strings', () => {
    const items = parseBatchInput(
      [
        JSON.stringify({ id: 'a', readme: README, language: 'Python', description: 'Dates for humans' }),
        JSON.stringify({ id: 'b', path: 'x.md', language: 'Go', repository: 'octo/x' }),
        JSON.stringify({ id: 'c', readme: README, language: 42, description: ['no'] }),
        JSON.stringify({ id: 'd', readme: README, language: '  ' }),
      ].join('\n'),
    );
    assert.deepEqual(items, [
      { id: 'a', readme: README, description: 'Dates for humans', language: 'Python' },
      { id: 'b', path: 'x.md', language: 'Go', repository: 'octo/x' },
      { id: 'c', readme: README },
      { id: 'd', readme: README },
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
        { id: 'plain', readme: README },
        { id: 'python', readme: README, language: 'Python' },
        { id: 'described', readme: README, description: 'Date parsing for finance and accounting teams' },
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
