/**
 * The offline classifier's knowledge as data: the built-in file loads clean,
 * every entry's examples hold (one table test), the checks catch what they
 * promise, and a user's knowledge file adds or overrides entries.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyOffline } from '../src/classify/offline/index.ts';
import { BUILT_IN_KNOWLEDGE, checkBuiltInKnowledge, KNOWLEDGE, PROJECT_KINDS, parseKnowledge } from '../src/classify/offline/knowledge.ts';
import { sectionPattern } from '../src/classify/offline/score.ts';
import { loadDiscourse } from '../src/classify/offline/text.ts';
import { knowledgeFromText, selects } from '../src/classify/offline/user-knowledge.ts';
import { ROOT } from './helpers/action.ts';

const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'src', 'classify', 'offline', 'knowledge', 'schema.json'), 'utf8')) as {
  $defs: { entry: { properties: Record<string, unknown>; required: string[] } };
};

const parse = (entries: unknown[]) => parseKnowledge({ entries }, { label: 'test knowledge', base: KNOWLEDGE });

describe('knowledge.ts', () => {
  it('loads the built-in knowledge with no dead cue, reused name or broken link', () => {
    assert.ok(KNOWLEDGE.length >= 390, String(KNOWLEDGE.length));
    const raw = JSON.parse(readFileSync(join(ROOT, 'src', 'classify', 'offline', 'knowledge', 'topics.json'), 'utf8'));
    assert.doesNotThrow(() => parseKnowledge(raw, { label: 'topics.json' }));
    // The run-time read skips the per-cue checks: it must give exactly the entries the full check gives.
    assert.deepEqual(KNOWLEDGE, checkBuiltInKnowledge());
  });

  it('rejects a cue that folds into an earlier cue of its entry, naming the entry and both cues', () => {
    assert.throws(
      () => parse([{ names: ['quantum'], cues: ['quantum computing 3', 'quantum-computing 2'] }]),
      (error: Error) => /entry 1 \("quantum"\)/.test(error.message) && /"quantum-computing 2" matches the same words as "quantum computing 3"/.test(error.message),
    );
    // Plurals fold too: `libraries` is `library` to the matcher.
    assert.throws(() => parse([{ names: ['qlib'], cues: ['qlibrary 2', 'qlibraries 1'] }]), /"qlibraries 1" matches the same words/);
  });

  it('rejects a cue that matches a case-sensitive cue in any case', () => {
    assert.throws(() => parse([{ names: ['zed'], cues: ['Zed 2', 'zed 1'] }]), /"zed" folds to the words of the case-sensitive cue "Zed 2"/);
  });

  it('rejects a link to a topic no entry knows, and accepts one the built-in knowledge knows', () => {
    assert.throws(() => parse([{ names: ['orm-x'], cues: ['orm x 3'], implies: ['no-such-topic 0.5'] }]), /"implies" names "no-such-topic", which no entry knows/);
    assert.throws(() => parse([{ names: ['lms-x'], cues: ['lms x 3'], displaces: ['nowhere'] }]), /"displaces" names "nowhere"/);
    assert.equal(parse([{ names: ['orm-x'], cues: ['orm x 3'], implies: ['lib 0.5'] }]).length, 1);
  });

  it('rejects malformed weights and shares', () => {
    for (const cue of ['fast 4', 'fast', 'fast -1', 'fast 2^5', 'fast two']) {
      assert.throws(() => parse([{ names: ['speed'], cues: [cue] }]), new RegExp(`"${cue.replace(/[\^]/g, '\\^')}"`), cue);
    }
    assert.throws(() => parse([{ names: ['speed'], cues: ['fast 2'], implies: ['lib 1.5'] }]), /"implies" "lib 1.5" is not "topic share"/);
  });

  it('rejects a name used by two entries, an unknown field and a kind it does not know', () => {
    assert.throws(
      () =>
        parse([
          { names: ['alpha'], cues: ['alpha 3'] },
          { names: ['Alpha'], cues: ['beta 3'] },
        ]),
      /entry 2 \("Alpha"\): the name "Alpha" is already used by entry 1/,
    );
    assert.throws(() => parse([{ names: ['alpha'], cues: ['alpha 3'], weight: 2 }]), /unknown field "weight"/);
    assert.throws(() => parse([{ names: ['alpha'], cues: ['alpha 3'], kind: 'plugin' }]), /"kind" must be one of/);
  });

  it('folds discourse markers as the matcher folds text and refuses one that folds into another', () => {
    const base = { example: ['such as'], reference: ['based on'], mechanism: ['rely on'], negation: ['not'], notNegating: ['only'] };
    assert.deepEqual(loadDiscourse(base).mechanism, [['rely', 'on']]);
    assert.deepEqual(loadDiscourse({ ...base, mechanism: ['relies on'] }).mechanism, [['rely', 'on']], '"relies" is "rely" in folded text');
    assert.throws(() => loadDiscourse({ ...base, mechanism: ['rely on', 'relies on'] }), /"relies on" folds into "rely on"/);
    assert.throws(() => loadDiscourse({ ...base, negation: ['not at all'] }), /"not at all" must be one word/);
  });

  it('reads section headings from phrase lists: whole words, * for any ending, anchored or anywhere', () => {
    const aside = sectionPattern(['acknowledg*', 'see also'], 'anywhere');
    assert.ok(aside.test('Acknowledgements') && aside.test('Credits and acknowledgments') && aside.test('See also'));
    assert.ok(!aside.test('Seeing also-rans'));
    const descriptive = sectionPattern(['what is', 'features'], 'start');
    assert.ok(descriptive.test('What is Tidebase?') && descriptive.test('Features'));
    assert.ok(!descriptive.test('Planned features'));
    assert.throws(() => sectionPattern(['ack*nowledge'], 'anywhere'), /sections\.json/);
  });

  it('agrees with schema.json on the fields, the required ones and the kinds', () => {
    const entry = SCHEMA.$defs.entry;
    assert.deepEqual(Object.keys(entry.properties).sort(), ['cues', 'displaces', 'examples', 'fences', 'implies', 'kind', 'names']);
    assert.deepEqual(entry.required, ['names', 'cues', 'examples']);
    assert.deepEqual((entry.properties.kind as { enum: string[] }).enum, [...PROJECT_KINDS]);
  });

  it('passes the build-time check (scripts/check-knowledge.ts), which runs every example', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-knowledge.ts')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const counts = /check-knowledge: (\d+) entries, \d+ cues, (\d+) entries with examples \(all hold\), language table ok, structure patterns ok/.exec(run.stdout);
    assert.ok(counts, run.stdout);
    assert.equal(counts[2], counts[1], 'every entry has examples');
  });
});

/** A small knowledge file that passes every check; each case below breaks one thing in it. */
const GOOD_ENTRIES = [
  {
    names: ['warp-drive', 'ftl'],
    cues: ['warp drive 3', 'faster than light 3', 'warp core 2', 'Zefram 1'],
    examples: { selects: 'A simulator of warp drive physics.', rejects: 'A drive-by download scanner.' },
  },
  { names: ['tractor-beam'], cues: ['tractor beam 3', 'gravitic pull 2'], implies: ['warp-drive 0.2'], examples: { selects: 'A tractor beam controller.', rejects: 'A tractor for farms.' } },
];

describe('scripts/check-knowledge.ts FILE: each error class fails the build naming the entry', () => {
  const entry = (name: string, change: Record<string, unknown>) => ({ names: [name], cues: [`${name} 3`], examples: { selects: `A ${name} for all.`, rejects: 'A spoon.' }, ...change });
  // One file with an entry broken in each way the cues, names and links can be (entries 3 on), then
  // one whose entries are sound but whose examples do not hold (they run only once the entries pass).
  const entriesCases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a cue with no words to match', entry('nowords', { cues: ['nowords 3', '+++ 2'] }), /entry 3 \("nowords"\): the cue "\+\+\+ 2" has no words to match/],
    [
      'a cue folded in any case onto a case-sensitive cue',
      entry('zefram', { cues: ['Zefram 3', 'zefram 1'] }),
      /entry 4 \("zefram"\): the cue "zefram" folds to the words of the case-sensitive cue "Zefram 3"/,
    ],
    ['a cue that collapses into another', entry('nacelle', { cues: ['nacelle pod 3', 'nacelle pods 2'] }), /entry 5 \("nacelle"\): the cue "nacelle pods 2" matches the same words as "nacelle pod 3"/],
    ['a link to a topic that does not exist', entry('deflector', { implies: ['hyperdrive 0.2'] }), /entry 6 \("deflector"\): "implies" names "hyperdrive", which no entry knows/],
    ['a malformed weight', entry('phaser', { cues: ['phaser array three'] }), /entry 7 \("phaser"\): the cue "phaser array three" is not "phrase weight"/],
    ['a weight above 3', entry('shield', { cues: ['shield grid 4'] }), /entry 8 \("shield"\): the cue "shield grid 4" has a weight above 3/],
    ['a missing example', entry('transporter', { examples: undefined }), /entry 9 \("transporter"\): "examples" is missing/],
    ['a name used twice', entry('replicator', { names: ['replicator', 'FTL'] }), /entry 10 \("replicator"\): the name "FTL" is already used by entry 1/],
  ];
  const exampleCases: Array<[string, number, Record<string, unknown>, RegExp]> = [
    [
      'an example that selects nothing',
      1,
      { examples: { selects: 'A gravity well for farms.', rejects: 'A tractor for farms.' } },
      /entry 2 \("tractor-beam"\): its "selects" example .* does not select it/,
    ],
    [
      'a counter-example that selects the entry',
      0,
      { examples: { selects: 'A warp core monitor.', rejects: 'Faster than light mail.' } },
      /entry 1 \("warp-drive"\): its "rejects" example .* selects it/,
    ],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'rt-check-knowledge-'));
  const check = (name: string, entries: unknown[]) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify({ entries }));
    return spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-knowledge.ts'), file], { encoding: 'utf8' });
  };
  const brokenEntries = check('broken-entries', [...GOOD_ENTRIES, ...entriesCases.map(([, e]) => e)]);
  const brokenExamples = check(
    'broken-examples',
    GOOD_ENTRIES.map((e, i) => exampleCases.reduce((out, [, at, change]) => (at === i ? { ...out, ...change } : out), e as Record<string, unknown>)),
  );

  it('passes the file before it is broken, running its examples', () => {
    const run = check('good', GOOD_ENTRIES);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /check-knowledge: 2 entries, 6 cues, 2 entries with examples \(all hold\)/);
  });
  it('fails the file with broken entries, listing one problem per broken entry', () => {
    assert.equal(brokenEntries.status, 1, brokenEntries.stdout);
    assert.match(brokenEntries.stderr, new RegExp(`: ${entriesCases.length} problems in the knowledge entries: `));
  });
  for (const [what, , expected] of entriesCases) it(`names the entry with ${what}`, () => assert.match(brokenEntries.stderr, expected));
  it('fails the file whose examples do not hold, listing each', () => {
    assert.equal(brokenExamples.status, 1, brokenExamples.stdout);
    assert.match(brokenExamples.stderr, new RegExp(`check-knowledge: ${exampleCases.length} problems:`));
  });
  for (const [what, , , expected] of exampleCases) it(`names the entry with ${what}`, () => assert.match(brokenExamples.stderr, expected));
});

describe('knowledge examples: each entry is selected by its example and not by its counter-example', () => {
  // One case per entry, named by it: every entry must carry examples.
  for (const entry of KNOWLEDGE) {
    const name = entry.names[0];
    const { selects: yes = '(no examples)', rejects: no = '(no examples)' } = entry.examples ?? {};
    it(`${name}: "${yes}" / not "${no}"`, () => {
      assert.ok(entry.examples, `${name} has no examples`);
      assert.equal(selects(yes, name, BUILT_IN_KNOWLEDGE), true, 'selects');
      assert.equal(selects(no, name, BUILT_IN_KNOWLEDGE), false, 'rejects');
    });
  }
});

describe('languages.json: each language selects its topics from the primary language alone', () => {
  // A README that names no language: the repository's primary language decides.
  const NEUTRAL = '# photo-namer\n\nA small tool that renames photos by the date they were taken.\n';
  const { languages } = JSON.parse(readFileSync(join(ROOT, 'src', 'classify', 'offline', 'knowledge', 'languages.json'), 'utf8')) as {
    languages: Record<string, { topics: string[]; markup?: boolean; incidental?: boolean }>;
  };
  for (const [language, { topics, markup, incidental }] of Object.entries(languages))
    for (const topic of topics) {
      const tags = (withLanguage?: string) => classifyOffline({ readme: NEUTRAL, vocabulary: [{ name: topic, topic }], maxTags: 1, language: withLanguage }).tags.map((t) => t.name);
      const weak = markup ? 'markup' : incidental ? 'incidental' : undefined;
      it(weak ? `${language} (${weak}) adds too little to choose ${topic} alone` : `${language} chooses ${topic}, which the README alone does not`, () => {
        assert.deepEqual(tags(), []);
        assert.deepEqual(tags(language), weak ? [] : [topic]);
      });
    }
});

const WARP = `entries:
  - names: [warp-drive, ftl]
    cues: [warp drive 3, faster than light 3, warp core 2]
    examples:
      selects: A simulator of warp drive physics for starship games.
      rejects: A drive-by download scanner.
`;

const README = '# Cochrane\n\nCochrane simulates faster than light travel: warp core tuning and field geometry.\n';

describe('user-knowledge.ts', () => {
  it('adds a topic the built-in knowledge lacks, so a vocabulary that names it gets it', () => {
    const vocabulary = [
      { name: 'warp-drive', topic: 'warp-drive' },
      { name: 'game', topic: 'game' },
    ];
    assert.deepEqual(classifyOffline({ readme: README, vocabulary, maxTags: 3 }).tags, []);
    const knowledge = knowledgeFromText(WARP, { label: 'kb.yml', format: 'yaml' });
    assert.deepEqual(
      classifyOffline({ readme: README, vocabulary, maxTags: 3 }, knowledge).tags.map((t) => t.name),
      ['warp-drive'],
    );
  });

  it('overrides a built-in entry that shares one of its names', () => {
    const before = BUILT_IN_KNOWLEDGE.find('database');
    const knowledge = knowledgeFromText(
      JSON.stringify({ entries: [{ names: ['database'], cues: ['ledger 3'], examples: { selects: 'A ledger for shops.', rejects: 'A key-value store for shops.' } }] }),
      { label: 'kb.json', format: 'json' },
    );
    assert.notEqual(knowledge.find('database'), before);
    assert.ok(knowledge.find('db') === undefined || knowledge.find('db') !== before, 'the built-in entry is gone, names and all');
    assert.equal(selects('A key-value store for shops.', 'database', BUILT_IN_KNOWLEDGE), true);
  });

  it('refuses an entry without examples, or whose example does not hold, naming the file and the entry', () => {
    assert.throws(() => knowledgeFromText('entries:\n  - names: [ftl]\n    cues: [faster than light 3]\n', { label: 'kb.yml', format: 'yaml' }), /kb\.yml: .*entry 1 \("ftl"\): "examples" is missing/);
    const weak = WARP.replace('rejects: A drive-by download scanner.', 'rejects: Our warp drive is the fastest.');
    assert.throws(() => knowledgeFromText(weak, { label: 'kb.yml', format: 'yaml' }), /kb\.yml: 1 example did not hold: entry 1 \("warp-drive"\): its "rejects" example .* selects it/);
  });

  it("accepts the README's knowledge-file example, whose examples hold", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const yaml = /# \.github\/knowledge\.yml\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(yaml, 'the README shows a knowledge file');
    const knowledge = knowledgeFromText(yaml, { label: 'README example', format: 'yaml' });
    assert.ok(knowledge.find('ftl'));
  });

  it('says which file is not valid YAML or JSON', () => {
    assert.throws(() => knowledgeFromText('{"entries": [', { label: '--knowledge kb.json', format: 'json' }), /--knowledge kb\.json is not valid JSON/);
  });
});
