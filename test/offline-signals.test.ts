/**
 * Signals beside the README's words, and vocabularies that are not the seed's:
 * the primary language, two names of one topic, unknown tags, a lone form tag.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyOffline, scoreTags } from '../src/classify/offline/index.ts';
import type { Tag } from '../src/classify/types.ts';

const vocab = (...names: string[]): Tag[] => names.map((name) => ({ name, topic: name }));
const tags = (readme: string, vocabulary: Tag[], extra: { language?: string; maxTags?: number } = {}) =>
  classifyOffline({ readme, vocabulary, maxTags: extra.maxTags ?? 3, language: extra.language }).tags.map((t) => t.name);

/** A tag's score before the thresholds (0 when it has none). */
const score = (readme: string, vocabulary: Tag[], name: string, language?: string) => scoreTags({ readme, vocabulary, language }).find((s) => s.name === name)?.score ?? 0;
const SUBJECTS = ['database', 'security', 'game', 'compiler', 'testing', 'charts', 'robot', 'finance', 'music', 'video', 'editor'];

const DATES = '# chrono-kit\n\nA small helper for parsing dates and durations in any time zone.\n\n## Usage\n\nCall `parse` with a string.\n';
const LANGS = vocab('python', 'go', 'rust', 'javascript', 'parser', 'date');

describe('offline signals: the primary language', () => {
  it('decides a language tag from the primary language when the README does not name it', () => {
    assert.ok(!tags(DATES, LANGS).includes('python'));
    assert.ok(tags(DATES, LANGS, { language: 'Python' }).includes('python'));
    assert.ok(tags(DATES, LANGS, { language: 'Go' }).includes('go'));
  });

  it('maps GitHub language names that are not topic names (C++, Jupyter Notebook) through the language table', () => {
    const vocabulary = vocab('cpp', 'python', 'parser');
    assert.ok(tags(DATES, vocabulary, { language: 'C++' }).includes('cpp'));
    assert.ok(tags(DATES, vocabulary, { language: 'Jupyter Notebook' }).includes('python'));
  });

  it('lets a passing mention of another language count less than the primary language', () => {
    const readme = '# bridge\n\nA fast HTTP router. Bindings for Python are planned.\n';
    const vocabulary = vocab('python', 'rust', 'http');
    const known = tags(readme, vocabulary, { language: 'Rust' });
    assert.ok(known.indexOf('rust') >= 0 && (known.indexOf('python') < 0 || known.indexOf('python') > known.indexOf('rust')), known.join());
  });

  it('lets the primary language alone add less than the primary language the README also speaks of', () => {
    const silent = score(DATES, vocab('rust', ...SUBJECTS), 'rust', 'Rust');
    const spoken = score('# chrono-kit\n\nA small Rust helper for parsing dates.\n', vocab('rust', ...SUBJECTS), 'rust', 'Rust');
    assert.ok(silent >= 2 && silent < 3, String(silent));
    assert.ok(spoken > silent + 3, `${spoken} vs ${silent}`);
  });

  it('takes a language mostly of implementation (C, TypeScript, Shell) as a hint only: the subject the README states comes first', () => {
    const extension = '# tab-sorter\n\nA browser extension that sorts your tabs by domain.\n';
    const vocabulary = vocab('typescript', 'c', 'shell', 'python', 'chrome-extension', 'security', 'database');
    for (const language of ['TypeScript', 'C', 'Shell']) {
      const tag = language.toLowerCase();
      assert.deepEqual(tags(extension, vocabulary, { language }), ['chrome-extension'], language);
      // The hint still counts: above a language the repository is not written in.
      assert.ok(score(extension, vocabulary, tag, language) > score(extension, vocabulary, tag), language);
    }
    // A language that is not mostly of implementation still decides its tag from the primary language alone.
    assert.deepEqual(tags(extension, vocabulary, { language: 'Python' }).sort(), ['chrome-extension', 'python']);
    // A README that is about C itself still gets it.
    const book = '# c-exercises\n\nExercises for learning the C language: pointers, structs and memory in C.\n';
    assert.ok(tags(book, vocabulary, { language: 'C' }).includes('c'));
  });

  it('changes nothing when no language is given', () => {
    assert.deepEqual(tags(DATES, LANGS), tags(DATES, LANGS, { language: '' }));
  });
});

describe('offline signals: two names of one topic', () => {
  it('never chooses both go and golang, and keeps the one the README names', () => {
    const readme = '# gokit\n\nA toolkit for microservices in Golang. Install with go get.\n';
    const chosen = tags(readme, vocab('go', 'golang', 'microservices'), { language: 'Go' });
    assert.equal(chosen.filter((t) => t === 'go' || t === 'golang').length, 1, chosen.join());
    assert.ok(chosen.includes('golang'), chosen.join());
  });

  it('keeps nlp or natural-language-processing, whichever the README spells', () => {
    const spelled = tags('# tok\n\nA natural language processing toolkit for tokenization and tagging.\n', vocab('nlp', 'natural-language-processing', 'python'));
    assert.deepEqual(
      spelled.filter((t) => t === 'nlp' || t === 'natural-language-processing'),
      ['natural-language-processing'],
    );
    const short = tags('# tok\n\nAn NLP toolkit for tokenization and named entity tagging.\n', vocab('nlp', 'natural-language-processing', 'python'));
    assert.deepEqual(
      short.filter((t) => t === 'nlp' || t === 'natural-language-processing'),
      ['nlp'],
    );
  });

  it('weakens the chosen name when the README uses none of the names of its topic', () => {
    const alone = score(DATES, vocab('go', ...SUBJECTS), 'go', 'Go');
    const withSynonym = score(DATES, vocab('go', 'golang', ...SUBJECTS), 'go', 'Go');
    assert.ok(alone > 0 && Math.abs(withSynonym / alone - 0.7) < 0.01, `${withSynonym} vs ${alone}`);
  });

  it('treats data-structures as a topic of its own, beside algorithms', () => {
    const readme = '# dsa\n\nData structures and algorithms in Java: linked lists, binary trees, sorting algorithms and dynamic programming.\n';
    const chosen = tags(readme, vocab('algorithms', 'data-structures', 'java'));
    assert.ok(chosen.includes('algorithms') && chosen.includes('data-structures'), chosen.join());
  });
});

describe("offline signals: another tag's name", () => {
  it('lets a phrase that is another tag\'s name count less for the broader tag ("deep learning" for ai beside deep-learning)', () => {
    const readme = '# gradient\n\nA deep learning library for training neural networks on GPUs.\n';
    assert.ok(score(readme, vocab('ai', 'deep-learning', ...SUBJECTS), 'ai') < score(readme, vocab('ai', ...SUBJECTS), 'ai'));
  });

  it('counts a name inside a longer phrase that names another tag as a passing mention ("Chrome" in "Chrome extension")', () => {
    const readme = '# tabby\n\nA Chrome extension that groups your open tabs by site.\n';
    const both = vocab('chrome', 'chrome-extension', ...SUBJECTS);
    assert.ok(score(readme, both, 'chrome') < 0.9 * score(readme, vocab('chrome', ...SUBJECTS), 'chrome'));
    assert.equal(tags(readme, both)[0], 'chrome-extension');
  });

  it('compares names as written: "HTTPS" is not the tag http, though the matcher folds them alike', () => {
    const readme = '# edge\n\nA reverse proxy with HTTPS and static files.\n';
    assert.equal(score(readme, vocab('web-server', 'http', ...SUBJECTS), 'web-server'), score(readme, vocab('web-server', ...SUBJECTS), 'web-server'));
  });
});

describe('offline signals: sentences of the opening', () => {
  it('lets the first sentence of the tagline weigh more than the ones after it', () => {
    // Two names the knowledge base does not know, each outside the defining phrase: only their sentence differs.
    const vocabulary = vocab('zorblax', 'quimble', 'game', 'music');
    const first = score('# kit\n\nReads zorblax files. It also reads quimble files.\n', vocabulary, 'zorblax');
    const second = score('# kit\n\nReads zorblax files. It also reads quimble files.\n', vocabulary, 'quimble');
    assert.ok(first > 1.2 * second, `${first} vs ${second}`);
    assert.equal(score('# kit\n\nReads quimble files. It also reads zorblax files.\n', vocabulary, 'quimble'), first);
  });
});

describe('offline signals: tags the knowledge base does not know', () => {
  it('lets an unknown tag draw on the known topics inside its name (graph-neural-networks)', () => {
    const readme = '# gnn-lab\n\nDeep learning on graphs: message passing neural networks for node classification.\n';
    assert.ok(tags(readme, vocab('graph-neural-networks', 'web', 'game')).includes('graph-neural-networks'));
    assert.deepEqual(tags('# shop\n\nA web shop for selling shoes.\n', vocab('graph-neural-networks', 'game')), []);
  });
});

describe('offline signals: the vocabulary profile', () => {
  const subjects = ['database', 'python', 'security', 'game', 'compiler', 'testing', 'docker', 'charts', 'robot', 'finance', 'music'];
  const LIB = '# tinydb\n\nA library for embedding a key-value store in your application.\n\n```sh\npip install tinydb\n```\n\n```python\nimport tinydb\n```\n';

  it('needs stronger evidence for a lone form tag (library) in a long list of subjects than in a scheme of forms', () => {
    const lone = classifyOffline({ readme: LIB, vocabulary: vocab('library', ...subjects), maxTags: 3 }).tags;
    const scheme = classifyOffline({ readme: LIB, vocabulary: vocab('library', 'cli', 'framework', ...subjects), maxTags: 3 }).tags;
    const score = (list: typeof lone) => list.find((t) => t.name === 'library')?.score ?? 0;
    assert.ok(score(scheme) > score(lone), `${JSON.stringify(scheme)} vs ${JSON.stringify(lone)}`);
  });

  it('treats a lone app platform tag (mobile) in a list of subjects as a topic too', () => {
    const readme = '# budget\n\nAn Android app for tracking expenses, on Google Play.\n';
    const lone = scoreTags({ readme, vocabulary: vocab('mobile', ...subjects) }).find((t) => t.name === 'mobile')?.score ?? 0;
    const scheme = scoreTags({ readme, vocabulary: vocab('mobile', 'cli', 'library', 'desktop', ...subjects) }).find((t) => t.name === 'mobile')?.score ?? 0;
    assert.ok(lone > 0 && scheme > 1.5 * lone, `${scheme} vs ${lone}`);
  });
});
