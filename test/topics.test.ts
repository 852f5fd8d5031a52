import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planTopics } from '../src/topics.ts';
import { parseVocabulary } from '../src/tags.ts';

const vocabulary = parseVocabulary('database, serverless, storage, cli, game-engine', 'test').tags;
const pick = (...names: string[]) => names.map((n) => vocabulary.find((t) => t.name === n)!);

describe('topics.ts planTopics', () => {
  it('merges: adds the chosen tags and removes nothing', () => {
    const plan = planTopics({ current: ['rust', 'cli'], chosen: pick('database', 'serverless'), vocabulary, mode: 'merge' });
    assert.deepEqual(plan.after, ['rust', 'cli', 'database', 'serverless']);
    assert.deepEqual(plan.added, ['database', 'serverless']);
    assert.deepEqual(plan.removed, []);
    assert.equal(plan.changed, true);
  });

  it('syncs: removes vocabulary topics not chosen and keeps topics outside the vocabulary', () => {
    const plan = planTopics({ current: ['rust', 'cli', 'hacktoberfest', 'database'], chosen: pick('database', 'storage'), vocabulary, mode: 'sync' });
    assert.deepEqual(plan.removed, ['cli']);
    assert.deepEqual(plan.after, ['rust', 'hacktoberfest', 'database', 'storage']);
    assert.deepEqual(plan.kept, ['rust', 'hacktoberfest', 'database']);
  });

  it('reports no change when every chosen topic is already there', () => {
    const plan = planTopics({ current: ['database', 'x'], chosen: pick('database'), vocabulary, mode: 'merge' });
    assert.equal(plan.changed, false);
    assert.deepEqual(plan.after, ['database', 'x']);
  });

  it('adds only what fits under 20 topics, best first', () => {
    const current = Array.from({ length: 19 }, (_, i) => `t${i}`);
    const plan = planTopics({ current, chosen: pick('database', 'serverless', 'storage'), vocabulary, mode: 'merge' });
    assert.deepEqual(plan.added, ['database']);
    assert.deepEqual(plan.skipped, ['serverless', 'storage']);
    assert.equal(plan.after.length, 20);
  });

  it('compares topics case-insensitively, as GitHub stores them lowercase', () => {
    const plan = planTopics({ current: ['Database', 'Rust'], chosen: pick('database'), vocabulary, mode: 'merge' });
    assert.equal(plan.changed, false);
    assert.deepEqual(plan.after, ['database', 'rust']);
  });

  it('never writes a tag that cannot be a topic', () => {
    const vocab = parseVocabulary('["c++", "cli"]', 'test').tags;
    const plan = planTopics({ current: [], chosen: vocab, vocabulary: vocab, mode: 'merge' });
    assert.deepEqual(plan.after, ['cli']);
  });
});
