/**
 * text.ts's phraseWords remembers its answers (compiling a vocabulary folds each knowledge cue
 * several times): the remembered answer is the answer, and one caller cannot change it for the next.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normWord, phraseWords } from '../src/classify/offline/text.ts';
import { classifyOffline } from '../src/classify/offline/index.ts';
import { parseVocabulary } from '../src/tags.ts';

describe('text.ts', () => {
  it('folds a phrase the same way however often it is asked, and shares one frozen list per phrase', () => {
    const first = phraseWords('Key-value stores');
    assert.deepEqual(first, ['key', 'value', 'store']);
    assert.equal(phraseWords('Key-value stores'), first);
    assert.deepEqual(phraseWords('Node.js libraries'), ['node', 'library']);
    assert.ok(Object.isFrozen(first));
    assert.throws(() => (first as string[]).push('x'), TypeError);
    assert.deepEqual(phraseWords('Key-value stores'), ['key', 'value', 'store']);
  });

  it('folds words that are also names of Object.prototype members as plain words', () => {
    for (const [word, folded] of [
      ['constructor', 'constructor'],
      ['Constructors', 'constructor'],
      ['__proto__', '__proto__'],
      ['toString', 'tostring'],
      ['hasOwnProperty', 'hasownproperty'],
      ['valueOf', 'valueof'],
    ])
      assert.equal(normWord(word), folded, word);
    assert.deepEqual(phraseWords('constructor constructors toString'), ['constructor', 'constructor', 'tostring']);
  });

  it('matches a vocabulary name such as constructor or tostring in a README like any other word', () => {
    const vocabulary = parseVocabulary('[{"name":"constructor"},{"name":"tostring"},{"name":"cli"},{"name":"database"}]', 'test').tags;
    const tags = (readme: string) => classifyOffline({ readme, vocabulary, maxTags: 3 }).tags.map((t) => t.name);
    assert.deepEqual(tags('# builder\n\nConstructors for building houses: constructors plan every wall.\n'), ['constructor']);
    assert.deepEqual(tags('# pretty\n\nA toString formatter: toString output, pretty printed.\n'), ['tostring']);
  });
});
