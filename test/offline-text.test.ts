/**
 * text.ts's phraseWords remembers its answers (compiling a vocabulary folds each knowledge cue
 * several times): the remembered answer is the answer, and one caller cannot change it for the next.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { phraseWords } from '../src/classify/offline/text.ts';

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
});
