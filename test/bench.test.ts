/**
 * scripts/bench.ts: the scoring of sets labelled with maintainers' topics
 * (../shared/bench/ext-dev's README), checked against the predictions it writes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/action.ts';

const READMES: Record<string, string> = {
  'a/dates': '# dates\n\nA small helper for parsing dates and durations in any time zone.\n',
  'b/quest': '# Quest\n\nA retro platformer game you can play in the browser. Collect coins and beat levels.\n',
  'c/kv': '# kv\n\nAn embedded key-value store: a database for your application, with transactions.\n',
};
const LABELS = [
  { repo: 'a/dates', core: ['python', 'parser'], ok: [], topics: ['python', 'parser', 'dates'], language: 'Python' },
  { repo: 'b/quest', core: ['game'], ok: [], topics: ['game', 'retro'], language: 'JavaScript' },
  { repo: 'c/kv', core: ['database', 'rust', 'storage', 'python'], ok: [], topics: ['database', 'rust', 'storage', 'python', 'kv'], language: null },
];

function benchSet(labels: object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-'));
  mkdirSync(join(dir, 'readmes'));
  for (const [repo, text] of Object.entries(READMES)) writeFileSync(join(dir, 'readmes', `${repo.replace('/', '__')}.md`), text);
  writeFileSync(join(dir, 'tags.json'), JSON.stringify(['python', 'parser', 'game', 'database', 'rust', 'storage', 'javascript']));
  writeFileSync(join(dir, 'labels.jsonl'), labels.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return dir;
}

function runBench(dir: string, ...flags: string[]) {
  const out = join(dir, 'predictions.jsonl');
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.ts'), '--data', dir, '--json', '--out', out, ...flags], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const rows = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { repo: string; predicted: string[]; language?: string });
  return { figures: JSON.parse(run.stdout) as Record<string, number | string>, rows };
}

describe('scripts/bench.ts', () => {
  it('scores a set with topics as its README says: precision on the topics, recall@3 over min(3, |core|), top-1', () => {
    const { figures, rows } = runBench(benchSet(LABELS));
    assert.equal(figures.scoring, 'topics');
    let predicted = 0,
      right = 0,
      found = 0,
      wanted = 0,
      top = 0,
      withTags = 0;
    rows.forEach((row, i) => {
      const label = LABELS[i];
      predicted += row.predicted.length;
      right += row.predicted.filter((t) => label.topics.includes(t)).length;
      found += label.core.filter((t) => row.predicted.includes(t)).length;
      wanted += Math.min(3, label.core.length);
      if (row.predicted.length) {
        withTags++;
        if (label.topics.includes(row.predicted[0])) top++;
      }
    });
    assert.ok(predicted > 0 && wanted === 6);
    assert.equal(figures.precision, Math.round((right / predicted) * 1e4) / 1e4);
    assert.equal(figures.recall, Math.round((found / wanted) * 1e4) / 1e4);
    assert.equal(figures.top1Precision, Math.round((top / withTags) * 1e4) / 1e4);
  });

  it("passes each label's language to the classifier as a signal (a README that never names Python gets python)", () => {
    const { rows } = runBench(benchSet(LABELS));
    assert.equal(rows[0].language, 'Python');
    assert.ok(rows[0].predicted.includes('python'), rows[0].predicted.join());
    const { rows: without } = runBench(benchSet(LABELS.map(({ language, ...rest }) => rest)));
    assert.ok(!without[0].predicted.includes('python'), without[0].predicted.join());
  });

  it('splits a set into fixed folds by id: --fold 0/2 and 1/2 are disjoint, cover it, and do not depend on the order of the labels', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...LABELS[i % 3], repo: `${LABELS[i % 3].repo}${i}` }));
    const dir = benchSet(many);
    for (const label of many) writeFileSync(join(dir, 'readmes', `${label.repo.replace('/', '__')}.md`), READMES[LABELS[many.indexOf(label) % 3].repo]);
    const ids = (...flags: string[]) => runBench(dir, ...flags).rows.map((r) => r.repo);
    const zero = ids('--fold', '0/2');
    const one = ids('--fold', '1/2');
    assert.ok(zero.length > 0 && one.length > 0, `${zero.length} / ${one.length}`);
    assert.deepEqual([...zero, ...one].sort(), many.map((l) => l.repo).sort());
    writeFileSync(
      join(dir, 'labels.jsonl'),
      [...many]
        .reverse()
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n',
    );
    assert.deepEqual(ids('--fold', '0/2').sort(), [...zero].sort());
    const bad = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.ts'), '--data', dir, '--fold', '2/2'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--fold must be I\/K/);
  });

  it('keeps the core-and-ok scoring for sets without topics', () => {
    const { figures } = runBench(benchSet(LABELS.map(({ topics, language, ...rest }) => rest)));
    assert.equal(figures.scoring, 'labels');
  });
});
