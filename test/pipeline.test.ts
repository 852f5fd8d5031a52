import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyTopics, decideTopics, hasText, NO_TAGS_NOTE, UNTOPICABLE_NOTE, type TopicsInput, type TopicsOutcome } from '../src/pipeline.ts';
import { runBatch } from '../src/batch.ts';
import { classifyOffline } from '../src/classify/offline/index.ts';
import { buildPrompt } from '../src/classify/prompt.ts';
import { silentLogger, type Classifier, type ClassifyRequest } from '../src/classify/types.ts';
import type { ActionConfig } from '../src/inputs.ts';
import { classifyRepository } from '../src/repository.ts';
import { cleanReadme, parseReadme } from '../src/readme.ts';
import { parseVocabulary } from '../src/tags.ts';

// "c++" and "C#" are vocabulary names that cannot be GitHub topics.
const vocabulary = parseVocabulary('database, serverless, storage, cli, c++, C#', 'test').tags;
const twenty = Array.from({ length: 20 }, (_, i) => `topic-${i}`);

interface Row {
  name: string;
  input: Omit<TopicsInput, 'vocabulary'>;
  status: TopicsOutcome['status'];
  /** What the write function receives; undefined: it must not be called. */
  written?: string[];
  after: string[];
  added?: string[];
  removed?: string[];
  skipped?: string[];
  note?: string;
}

const rows: Row[] = [
  {
    name: 'merges: adds the chosen topics and removes nothing',
    input: { tags: ['database', 'storage'], current: ['rust', 'cli'], mode: 'merge', dryRun: false },
    status: 'changed',
    written: ['rust', 'cli', 'database', 'storage'],
    after: ['rust', 'cli', 'database', 'storage'],
    added: ['database', 'storage'],
    removed: [],
  },
  {
    name: 'syncs: removes vocabulary topics not chosen, keeps the others',
    input: { tags: ['database'], current: ['rust', 'cli', 'hacktoberfest'], mode: 'sync', dryRun: false },
    status: 'changed',
    written: ['rust', 'hacktoberfest', 'database'],
    after: ['rust', 'hacktoberfest', 'database'],
    added: ['database'],
    removed: ['cli'],
  },
  {
    name: 'dry run: plans the change and writes nothing',
    input: { tags: ['database'], current: ['cli'], mode: 'sync', dryRun: true },
    status: 'would-change',
    after: ['cli'],
    added: ['database'],
    removed: ['cli'],
  },
  {
    name: 'unchanged: the topics already match, nothing is written',
    input: { tags: ['database'], current: ['database', 'rust'], mode: 'merge', dryRun: false },
    status: 'unchanged',
    after: ['database', 'rust'],
    added: [],
    removed: [],
  },
  {
    name: 'empty classification: leaves the topics alone, even in sync mode',
    input: { tags: [], current: ['cli', 'database'], mode: 'sync', dryRun: false },
    status: 'left',
    after: ['cli', 'database'],
    note: NO_TAGS_NOTE,
  },
  {
    name: 'untopicable tags: leaves the topics alone, even in sync mode',
    input: { tags: ['c++', 'C#'], current: ['cli', 'database'], mode: 'sync', dryRun: false },
    status: 'left',
    after: ['cli', 'database'],
    note: UNTOPICABLE_NOTE,
  },
  {
    name: 'names outside the vocabulary are not topics either',
    input: { tags: ['not-in-the-vocabulary'], current: ['cli'], mode: 'sync', dryRun: false },
    status: 'left',
    after: ['cli'],
    note: UNTOPICABLE_NOTE,
  },
  {
    name: 'an untopicable tag next to a topicable one: only the topic is written',
    input: { tags: ['c++', 'serverless'], current: [], mode: 'merge', dryRun: false },
    status: 'changed',
    written: ['serverless'],
    after: ['serverless'],
    added: ['serverless'],
    removed: [],
  },
  {
    name: '20-topic limit: a full repository gets nothing added, and says what was not added',
    input: { tags: ['database', 'cli'], current: twenty, mode: 'merge', dryRun: false },
    status: 'unchanged',
    after: twenty,
    added: [],
    removed: [],
    skipped: ['database', 'cli'],
  },
  {
    name: '20-topic limit in sync: a removal makes room for the best tag only',
    input: { tags: ['database', 'storage'], current: [...twenty.slice(0, 19), 'cli'], mode: 'sync', dryRun: false },
    status: 'changed',
    written: [...twenty.slice(0, 19), 'database'],
    after: [...twenty.slice(0, 19), 'database'],
    added: ['database'],
    removed: ['cli'],
    skipped: ['storage'],
  },
];

/** The offline classifier, recording each request it is given in `seen`. */
function recordingClassifier(seen: ClassifyRequest[]): Classifier {
  return {
    provider: 'offline',
    async classify(request) {
      seen.push(request);
      return classifyOffline(request);
    },
  };
}
describe('pipeline.ts decideTopics and applyTopics', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const writes: string[][] = [];
      const decision = decideTopics({ ...row.input, vocabulary });
      const outcome = await applyTopics(decision, row.input.current, async (names) => {
        writes.push(names);
        return names;
      });
      assert.equal(outcome.status, row.status);
      assert.deepEqual(writes, row.written ? [row.written] : [], 'the write function is called once for a change, never otherwise');
      assert.deepEqual(outcome.after, row.after);
      assert.equal(outcome.note, row.note);
      if (row.status === 'left') assert.equal(outcome.plan, undefined);
      else {
        assert.deepEqual(outcome.plan!.added, row.added);
        assert.deepEqual(outcome.plan!.removed, row.removed);
        assert.deepEqual(outcome.plan!.skipped, row.skipped ?? []);
      }
    });
  }

  it('reports the topics as the write returned them', async () => {
    const decision = decideTopics({ tags: ['database'], current: [], vocabulary, mode: 'merge', dryRun: false });
    const outcome = await applyTopics(decision, [], async () => ['database', 'added-meanwhile']);
    assert.deepEqual(outcome.after, ['database', 'added-meanwhile']);
  });

  it('lets a failed write propagate, so the caller reports it', async () => {
    const decision = decideTopics({ tags: ['database'], current: [], vocabulary, mode: 'merge', dryRun: false });
    await assert.rejects(
      applyTopics(decision, [], async () => {
        throw new Error('HTTP 403');
      }),
      /HTTP 403/,
    );
  });
});

describe('pipeline.ts hasText', () => {
  for (const [readme, expected] of [
    ['# Tool\n\nA fast key-value store.', true],
    ['```\ncode only\n```\n', false],
    ['', false],
    ['---\n\n***\n', false],
    ['---\ntitle: Tool\n---\n\n<!-- only a comment -->\n', false],
    ['Tool\n~~~~\n\n.. image:: https://ci.example/badge.svg\n', true],
  ] as const) {
    it(`says ${JSON.stringify(readme)} ${expected ? 'has' : 'has no'} text to classify`, () => {
      assert.equal(hasText(parseReadme(readme)), expected);
    });
  }
});

describe('one parse per run: the parsed README flows into the classifier', () => {
  const vocabulary = parseVocabulary('database, cli, game', 'the test vocabulary').tags;
  const database = '# Quarry\n\nQuarry is an embedded SQL database engine with transactions and indexes.\n';
  const game = '# Blaster\n\nBlaster is a 2D space shooter game you play in the terminal.\n';

  it('scores the parsed README of the request, not a second parse of its text', () => {
    const request = { readme: game, vocabulary, maxTags: 1 };
    assert.equal(classifyOffline(request).tags[0]?.name, 'game');
    assert.equal(classifyOffline({ ...request, doc: parseReadme(database) }).tags[0]?.name, 'database');
  });

  it('builds the LLM prompt from the parsed README of the request', () => {
    const prompt = buildPrompt({ readme: parseReadme(database), vocabulary, maxTags: 1, maxReadmeTokens: 1500 });
    assert.equal(prompt.readme, cleanReadme(database));
  });

  it('hands each batch item to the classifier with its README parsed', async () => {
    const seen: ClassifyRequest[] = [];
    const classifier = recordingClassifier(seen);
    const summary = await runBatch({ items: [{ id: '1', readme: database }], classifier, vocabulary, maxTags: 1 });
    assert.deepEqual(
      seen.map((r) => r.doc),
      [parseReadme(database)],
    );
    assert.deepEqual(
      summary.outcomes.map((o) => o.tags),
      [['database']],
    );
  });

  it("hands the action's classifier the README parsed once (repository.ts classifyRepository)", async () => {
    const seen: ClassifyRequest[] = [];
    const classifier = recordingClassifier(seen);
    const config = { vocabulary: parseVocabulary('database, cli, game', 'x'), maxTags: 1, token: '', repository: { owner: 'octo', repo: 'quarry' } } as unknown as ActionConfig;
    const github = () => assert.fail('no token: the API is not asked');
    const classification = await classifyRepository({ config, readme: { text: database, source: 'README.md', truncated: false }, classifier, github, logger: silentLogger });
    assert.deepEqual(
      seen.map((r) => r.doc),
      [parseReadme(database)],
    );
    assert.deepEqual(
      classification.tags.map((t) => t.name),
      ['database'],
    );
  });
});
