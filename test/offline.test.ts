import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOfflineClassifier, classifyOffline, OFFLINE_MODEL, scoreTags } from '../src/classify/offline/index.ts';
import { KNOWLEDGE } from '../src/classify/offline/knowledge.ts';
import { definition, tokenize } from '../src/classify/offline/text.ts';
import { duplicateKnowledgeNames, knowledgeFor } from '../src/classify/offline/vocabulary.ts';
import type { Tag } from '../src/classify/types.ts';
import { parseVocabulary } from '../src/tags.ts';
import { parseSeed } from '../scripts/count-tokens.ts';
import { ROOT } from './helpers/action.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'offline');
const SEED = join(ROOT, '..', 'shared', 'seed', 'neon-readme-tagging-request.txt');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
/** The seed's 90-tag vocabulary (examples/tags.json is the same list). */
const SEED_TAGS = parseVocabulary(readFileSync(join(ROOT, 'examples', 'tags.json'), 'utf8'), 'examples/tags.json').tags;
const vocab = (text: string): Tag[] => parseVocabulary(text, 'test').tags;

function tagsFor(readme: string, vocabulary: Tag[] = SEED_TAGS, maxTags = 3, description?: string): string[] {
  return classifyOffline({ readme, vocabulary, maxTags, description }).tags.map((t) => t.name);
}

describe('offline classifier', () => {
  it('reads past a badge wall: badges say nothing, the one sentence says database', () => {
    const tags = tagsFor(fixture('badge-wall.md'));
    assert.equal(tags[0], 'database', tags.join());
    for (const fromBadges of ['testing', 'containerization', 'chat', 'k8s', 'cicd']) assert.ok(!tags.includes(fromBadges), `${fromBadges} in ${tags}`);
  });

  it('uses the English words of a Chinese README (and its Chinese terms)', () => {
    const tags = tagsFor(fixture('chinese.md'));
    assert.equal(tags[0], 'database', tags.join());
  });

  it('lets a one-line tagline decide in an install-heavy README', () => {
    const tags = tagsFor(fixture('install-heavy.md'));
    assert.equal(tags[0], 'editor', tags.join());
    for (const noise of ['k8s', 'containerization', 'testing', 'bundler', 'linter', 'cicd']) assert.ok(!tags.includes(noise), `${noise} in ${tags}`);
  });

  it('recognises an awesome list as learning material about its subject', () => {
    const tags = tagsFor(fixture('awesome-list.md'));
    assert.ok(tags.includes('learning-resource'), tags.join());
    assert.ok(tags.includes('robot'), tags.join());
    assert.ok(!tags.includes('lib'), tags.join());
  });

  it('hands the list-of-links signal to the one learning-kind tag the words favour: an awesome list is awesome-list, not also tutorial', () => {
    const vocabulary = vocab('["awesome-list","tutorial","compiler","game","cli"]');
    const links = Array.from({ length: 14 }, (_, i) => `- [project-${i + 1}](https://example.org/project/${i + 1}) - notes.`).join('\n');
    const readme = `# Awesome Compilers\n\nAwesome compilers, parsers and code generators.\n\n## Projects\n\n${links}\n`;
    assert.deepEqual(tagsFor(readme, vocabulary), ['awesome-list', 'compiler']);
    // The same list with only one learning-kind tag in the vocabulary: that one takes the signal.
    assert.deepEqual(tagsFor(readme, vocab('["tutorial","compiler","game","cli"]')).sort(), ['compiler', 'tutorial']);
  });

  it('does not tag technologies a README names in passing', () => {
    const tags = tagsFor(fixture('passing-mentions.md'));
    assert.equal(tags[0], 'cli', tags.join());
    for (const passing of ['database', 'nosql', 'message-queue', 'k8s', 'storage', 'search', 'iac', 'monitoring', 'containerization', 'cicd']) {
      assert.ok(!tags.includes(passing), `${passing} in ${tags}`);
    }
  });

  it('tags a README with the seed list: database among 1 to 3 tags', { skip: !existsSync(SEED) && 'seed not beside the checkout' }, () => {
    const seed = parseSeed(readFileSync(SEED, 'utf8'));
    const tags = tagsFor(seed.readme, vocab(seed.tagsJson));
    assert.ok(tags.length >= 1 && tags.length <= 3, tags.join());
    assert.ok(tags.includes('database'), tags.join());
  });

  it('returns fewer tags, not filler, when the evidence is weak', () => {
    const tags = tagsFor(fixture('weak.md'));
    assert.ok(tags.length >= 1 && tags.length < 3, tags.join());
    assert.equal(tags[0], 'cli');
  });

  it('returns no tags for an empty or blank README', () => {
    assert.deepEqual(tagsFor(''), []);
    assert.deepEqual(tagsFor(' \n\n\t\n'), []);
    assert.deepEqual(tagsFor('[![build](https://ci.example.org/badge.svg)](https://ci.example.org)\n'), []);
  });

  it('is deterministic: same README, same vocabulary (in any order), same answer', async () => {
    const readme = fixture('passing-mentions.md');
    const request = { readme, vocabulary: SEED_TAGS, maxTags: 3 };
    const first = await createOfflineClassifier().classify(request);
    const second = await createOfflineClassifier().classify(request);
    assert.deepEqual(first, second);
    const reversed = await createOfflineClassifier().classify({ ...request, vocabulary: [...SEED_TAGS].reverse() });
    assert.deepEqual(reversed.tags, first.tags);
  });

  it('reports provider, version, a relative score and a reason for every tag', async () => {
    const result = await createOfflineClassifier().classify({ readme: fixture('badge-wall.md'), vocabulary: SEED_TAGS, maxTags: 3 });
    assert.equal(result.provider, 'offline');
    assert.equal(result.model, OFFLINE_MODEL);
    assert.equal(result.tags[0].score, 1);
    for (const t of result.tags) {
      assert.ok(t.score! > 0 && t.score! <= 1, String(t.score));
      assert.ok(t.reason && t.reason.length > 3, t.name);
    }
    assert.match(result.tags[0].reason!, /"database" in the/);
  });

  it('never returns more than max-tags', () => {
    assert.equal(tagsFor(fixture('awesome-list.md'), SEED_TAGS, 1).length, 1);
  });

  it('works from the name alone for a tag with no built-in knowledge', () => {
    assert.equal(knowledgeFor('julian'), undefined);
    assert.deepEqual(tagsFor(fixture('julian.md')), ['julian']);
  });

  const learned: Array<[field: string, readme: string, plain: string, extended: string, expected: string]> = [
    [
      'aliases',
      '# roo\n\nA marsupial tracker for wildlife rangers: log sightings from the field.\n',
      '[{"name":"wombat"},{"name":"cli"},{"name":"database"}]',
      '[{"name":"wombat","aliases":["marsupial tracker"]},{"name":"cli"},{"name":"database"}]',
      'wombat',
    ],
    [
      'description',
      '# skyward\n\nControl your telescope and plan the night with live sky charts and an observation log.\n',
      '[{"name":"stargazing"},{"name":"cli"}]',
      '[{"name":"stargazing","description":"Telescope control, sky charts and astronomy observation logs"},{"name":"cli"}]',
      'stargazing',
    ],
  ];
  for (const [field, readme, plain, extended, expected] of learned) {
    it(`learns a tag from the vocabulary entry's ${field}`, () => {
      assert.deepEqual(tagsFor(readme, vocab(plain)), []);
      assert.deepEqual(tagsFor(readme, vocab(extended)), [expected]);
    });
  }

  it('matches vocabulary names to its knowledge through synonyms and spelling', () => {
    const readme = '# podwatch\n\nA dashboard for your pods: watch deployments, tail logs and restart workloads without typing kubectl.\n';
    for (const name of ['k8s', 'kubernetes', 'Kubernetes', 'kube']) assert.deepEqual(tagsFor(readme, vocab(JSON.stringify([name, 'database']))), [name], name);
    const engine = '# Brickfall\n\nA tiny game engine for making 2D games, with sprites, tilemaps and a physics engine.\n';
    for (const name of ['game-engine ', 'Game Engine', 'game_engines', 'gamedev']) assert.equal(tagsFor(engine, vocab(JSON.stringify([name, 'database'])))[0], name.trim(), name);
    assert.deepEqual(tagsFor('# tinyml\n\nMachine learning models in 20 kB: train a classifier on your laptop.\n', vocab('["ml","database"]')), ['ml']);
  });

  it('scores a name made of known topics (python-library) by all its parts', () => {
    const pythonLib = '# tidyframe\n\nA Python library for cleaning tabular data.\n\n```bash\npip install tidyframe\n```\n\n```python\nimport tidyframe\n```\n';
    const rustCli = '# tidyframe\n\nA command-line tool, written in Rust, for cleaning tabular data.\n';
    const list = vocab('["python-library","rust-cli"]');
    assert.deepEqual(tagsFor(pythonLib, list), ['python-library']);
    assert.deepEqual(tagsFor(rustCli, list), ['rust-cli']);
  });

  it('uses the repository description as opening text', () => {
    const tags = tagsFor('# wez\n\nSee the docs.\n', SEED_TAGS, 3, 'A GPU-accelerated terminal emulator and multiplexer');
    assert.equal(tags[0], 'terminal', tags.join());
  });

  it('reads only the start of a huge README, quickly', () => {
    const huge = `# bigdoc\n\nA JSON parser for embedded systems.\n\n${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(100_000)}`;
    const started = performance.now();
    const tags = tagsFor(huge);
    assert.ok(performance.now() - started < 2000);
    assert.ok(tags.includes('json'), tags.join());
  });

  it('stops when the batch is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(createOfflineClassifier().classify({ readme: '# x\n\nA CLI.', vocabulary: SEED_TAGS, maxTags: 3, signal: controller.signal }));
  });
});

describe('offline classifier: the defining phrase', () => {
  const cases: Array<[string, string | undefined]> = [
    ['TypeScript is a language for application-scale JavaScript.', 'language'],
    ['A linter for YAML files.', 'linter'],
    ['Jinja is a fast, expressive, extensible templating engine.', 'engine'],
    ['Fyne is an easy to use UI toolkit written in Go.', 'toolkit'],
    ['FFmpeg is a collection of libraries and tools to process multimedia content.', 'tool'],
    ['npm - a JavaScript package manager', 'manager'],
    ['Read the documentation before you start, it explains the configuration in depth and more.', undefined],
  ];
  for (const [sentence, head] of cases) {
    it(`finds the head noun in "${sentence}"`, () => {
      const tokens = tokenize(sentence);
      const def = definition(tokens);
      assert.equal(def ? tokens.words[def.head] : undefined, head);
    });
  }
});

describe('offline knowledge base', () => {
  it('covers well beyond the seed list, with no name claimed twice', () => {
    assert.ok(KNOWLEDGE.length >= 200, String(KNOWLEDGE.length));
    assert.deepEqual(duplicateKnowledgeNames(), []);
  });

  it('knows every tag of the seed list except the ones it cannot guess', () => {
    const unknown = SEED_TAGS.filter((t) => !knowledgeFor(t.name)).map((t) => t.name);
    assert.deepEqual(unknown, ['julian']);
  });
});

/** Every tag of `has` is among `tags`, none of `hasNot` is. */
function expectTags(tags: string[], has: string[], hasNot: string[] = []): void {
  for (const t of has) assert.ok(tags.includes(t), `${t} not in ${tags}`);
  for (const t of hasNot) assert.ok(!tags.includes(t), `${t} in ${tags}`);
}

describe('offline classifier: kind of project, case and meaning', () => {
  it('reads the platforms of an app from its download table (installers and stores)', () => {
    expectTags(tagsFor(fixture('download-table.md')), ['desktop-app', 'mobile-app'], ['web-app']);
  });

  it('does not assume a web app when "app" or "software" comes with no platform word', () => {
    expectTags(tagsFor('# Tally\n\nTally is software for counting the words, sentences and paragraphs in your essays and reports.\n'), [], ['web-app']);
  });

  it('reads a mixed-case name as written: ReAct is not React', () => {
    const readme = '# planloop\n\nA Python library for building ReAct-style AI agents that reason, call tools and act with LLMs.\n\n```python\nfrom planloop import Agent\n```\n';
    expectTags(tagsFor(readme), ['agent'], ['react']);
    assert.ok(tagsFor('# hooks-kit\n\nReusable React hooks and React components for forms.\n').includes('react'));
  });

  it('discounts what a README says the project is not', () => {
    const tokens = tokenize('It does not assume any database schema, and it is fast.');
    const at = (w: string) => tokens.weight[tokens.words.indexOf(w)];
    assert.ok(at('database') < 0.5, String(at('database')));
    assert.equal(at('fast'), 1);
    assert.equal(tokenize('A no-code builder.').weight[tokenize('A no-code builder.').words.indexOf('code')], 1);
    // How it works is not what it is: "uses SQLite under the hood", "relies on Redis".
    for (const mechanism of ['Notes are kept in SQLite under the hood.', 'It relies on SQLite for storage.']) {
      const t = tokenize(mechanism);
      assert.equal(t.weight[t.words.indexOf('sqlite')], 0.5, mechanism);
    }
    const negated = '# gatekeep\n\nGatekeep is authentication middleware for Node.js. It does not mount routes or assume any particular database or ORM.\n';
    const tags = tagsFor(negated);
    assert.equal(tags[0], 'authentication', tags.join());
    expectTags(tags, [], ['database', 'orm']);
  });

  it('uses the Japanese terms and English words of a Japanese README', () => {
    const tags = tagsFor(fixture('japanese.md'));
    assert.deepEqual([...tags.slice(0, 2)].sort(), ['lib', 'logging'], tags.join());
  });

  it('lets a learning management system be a web app, not learning material', () => {
    const readme = '# Campus\n\nCampus is an open source learning management system (LMS): teachers create online courses, quizzes and lessons, and students learn at their own pace.\n';
    const tags = tagsFor(readme);
    assert.equal(tags[0], 'lms', tags.join());
    expectTags(tags, ['web-app'], ['learning-resource']);
  });

  it('counts bitcoin as blockchain, and an autopilot for drones as robot and firmware', () => {
    expectTags(tagsFor('# satwallet\n\nA lightweight Bitcoin wallet and Lightning Network node.\n'), ['bitcoin', 'blockchain']);
    expectTags(tagsFor('# skyhawk\n\nOpen source autopilot firmware for drones, fixed-wing planes and rovers, running on common flight controllers.\n'), ['robot', 'firmware']);
  });
});

describe('offline classifier: repetition is bounded', () => {
  const tidebase = (repeats: number, separator = '\n') =>
    '# Tidebase\n\nTidebase is a serverless Postgres database with separated storage and compute.\nIt branches a database like code and scales storage to zero.\n\n' +
    `## Changelog\n\n${Array(repeats).fill('Fixed a bug in the widget frobnicator.').join(separator)}\n`;

  it('gives a README the same tags however long its changelog (a noise section) runs', () => {
    const plain = tagsFor(tidebase(0));
    assert.deepEqual(plain, ['database', 'serverless', 'storage']);
    for (const repeats of [500, 5000]) assert.deepEqual(tagsFor(tidebase(repeats)), plain, `${repeats} changelog lines`);
    assert.deepEqual(tagsFor(tidebase(5000, '\n\n')), plain, '5000 changelog paragraphs');
  });

  it('lets no amount of repetition of one cue in the body outrank a tag stated in the tagline', () => {
    const cases: Array<[tagline: string, stated: string, repeated: string, tags: string[]]> = [
      ['Quill is a JSON parser for Rust.', 'json', 'It keeps its data in a key-value store.', ['nosql', 'database']],
      ['Sparrow is a database.', 'database', 'It has a graphical user interface.', ['gui']],
      ['Marten is a static site generator for blogs.', 'blog', 'It runs on Kubernetes.', ['k8s']],
    ];
    for (const [tagline, stated, repeated, tags] of cases) {
      for (const separator of ['\n', '\n\n']) {
        const readme = `# Project\n\n${tagline}\n\n## Details\n\n${Array(3000).fill(repeated).join(separator)}\n`;
        const scores = scoreTags({ readme, vocabulary: SEED_TAGS });
        const score = (name: string) => scores.find((s) => s.name === name)?.score ?? 0;
        assert.equal(scores[0].name, stated, scores.map((s) => `${s.name} ${s.score.toFixed(2)}`).join(', '));
        for (const tag of tags) assert.ok(score(tag) > 0 && score(tag) < score(stated), `${tag} ${score(tag)} vs ${stated} ${score(stated)}`);
        assert.equal(tagsFor(readme)[0], stated);
      }
    }
  });
});
