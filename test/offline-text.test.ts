/**
 * text.ts's tokeniser scans by hand for speed; these check it against the TOKEN expression it
 * stands for, on any text, and that the remembered answers of normWord and phraseWords are the
 * answers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BREAK, normWord, phraseWords, tokenize, TOKEN } from '../src/classify/offline/text.ts';

/** What TOKEN finds in a text, as tokenize reports it: folded words and breaks, the raw tokens, the CJK runs. */
function byExpression(text: string) {
  const words: string[] = [];
  const raw: string[] = [];
  const cjk: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (m[1]) {
      words.push(normWord(m[1]));
      raw.push(m[1]);
    } else if (m[2]) {
      words.push(BREAK);
      raw.push(m[2].length > 1 ? ` ${m[2].trim()} ` : m[2]);
    } else if (m[3]) cjk.push(m[3]);
  }
  return { words, raw, cjk };
}

/** Characters at every edge of TOKEN's classes: word characters, the dots and dashes, all kinds of space, CJK, and others. */
const ALPHABET = [...'aZz09+#_.-–—()[]{},;:!?/\'"` \t\n\r\v\f'].concat([
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u202f',
  '\u3000',
  '\ufeff',
  '中',
  '文',
  'ア',
  'ぁ',
  '한',
  '豈',
  'é',
  'ß',
  '😀',
  '\u3039',
  '\ud7b0',
]);

describe('text.ts', () => {
  it('splits any text into the words, breaks and CJK runs the TOKEN expression finds', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 80 }), (text) => {
        const tokens = tokenize(text);
        assert.deepEqual({ words: tokens.words, raw: tokens.raw, cjk: tokens.cjk }, byExpression(text));
        assert.equal(tokens.weight.length, tokens.words.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps dotted names, dashes between spaces and CJK runs whole', () => {
    const tokens = tokenize('Node.js v1.2 — fast; see e.g. foo..bar, a-b and x - y 数据库 tool');
    assert.deepEqual(tokens.raw, ['Node.js', 'v1.2', ' — ', 'fast', ';', 'see', 'e.g', '.', 'foo', '.', '.', 'bar', ',', 'a', 'b', 'and', 'x', ' - ', 'y', 'tool']);
    assert.deepEqual(tokens.cjk, ['数据库']);
    assert.equal(tokens.words[0], 'node');
  });

  it('folds a word the same way however often it is asked, and shares one frozen list per phrase', () => {
    for (const word of ['Databases', 'libraries', 'React.js', 'boxes', 'status']) assert.equal(normWord(word), normWord(word));
    assert.deepEqual(['Databases', 'libraries', 'React.js', 'boxes', 'status'].map(normWord), ['database', 'library', 'react', 'box', 'status']);
    const first = phraseWords('Key-value stores');
    assert.deepEqual(first, ['key', 'value', 'store']);
    assert.equal(phraseWords('Key-value stores'), first);
    assert.ok(Object.isFrozen(first));
    assert.throws(() => (first as string[]).push('x'), TypeError);
  });
});
