import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addSecret, clearSecrets, guardLine, inert, inertList, MAX_FIELD_CHARS, MAX_LINE_CHARS, redact } from '../src/log.ts';

/** What the runner would take for a command: `::` after leading white space, or the old `##[` anywhere. */
const COMMAND = /^\s*::|##\[/;
/** Anything the runner (or a terminal) would treat as the end of a line. */
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

const codePoints = (text: string) => Array.from(text).length;

/** Every 8-character window of `secret`: none of them may survive. */
function windows(secret: string, size = 8): string[] {
  return Array.from({ length: Math.max(0, secret.length - size + 1) }, (_, i) => secret.slice(i, i + size));
}

/** Text an attacker would write: command prefixes, line breaks, percent signs, white space, among any Unicode. */
const hostile = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        '::',
        '##[',
        '\n',
        '\r',
        '\r\n',
        '\u2028',
        '\u2029',
        '\u0085',
        '%',
        '%0A',
        ' ',
        '\t',
        '::error title=X::owned',
        '::add-mask::',
        '::stop-commands::tok',
        '##[error]',
        '\u001b[31m',
        '😀',
        '\ud800',
      ),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

/** A key as providers issue them: a prefix and 24 to 48 random URL-safe characters. */
const key = fc.uint8Array({ minLength: 18, maxLength: 36 }).map((bytes) => `sk-test-${Buffer.from(bytes).toString('base64url')}`);

describe('log.ts', () => {
  afterEach(() => clearSecrets());

  describe('properties (fast-check), whatever the input', () => {
    it('inert(): one line, no command prefix, at most max code points', () => {
      fc.assert(
        fc.property(hostile, fc.integer({ min: 1, max: 400 }), (text, max) => {
          const out = inert(text, max);
          assert.ok(!LINE_BREAK.test(out), JSON.stringify(out));
          assert.ok(!COMMAND.test(out), JSON.stringify(out));
          assert.ok(codePoints(out) <= max, `${codePoints(out)} > ${max}`);
        }),
        { numRuns: 2000 },
      );
    });

    it('guardLine(): one line, no command prefix, at most max code points', () => {
      fc.assert(
        fc.property(hostile, fc.integer({ min: 1, max: 400 }), (text, max) => {
          const out = guardLine(text, max);
          assert.ok(!LINE_BREAK.test(out), JSON.stringify(out));
          assert.ok(!COMMAND.test(out), JSON.stringify(out));
          assert.ok(codePoints(out) <= max, `${codePoints(out)} > ${max}`);
        }),
        { numRuns: 2000 },
      );
    });

    it('a message made of inert fields between words of our own is still one inert line after guardLine()', () => {
      fc.assert(
        fc.property(fc.array(hostile, { maxLength: 6 }), (fields) => {
          const out = guardLine(fields.map((f) => inert(f)).join(' and '));
          assert.ok(!LINE_BREAK.test(out) && !COMMAND.test(out), JSON.stringify(out));
          assert.ok(codePoints(out) <= MAX_LINE_CHARS);
        }),
      );
    });

    it('a registered secret never appears, not even 8 of its characters, wherever the cut falls', () => {
      fc.assert(
        fc.property(key, hostile, hostile, fc.integer({ min: 1, max: 200 }), (secret, before, after, extra) => {
          // The surrounding text must not hold a part of the key by itself (then it is not the key's text that leaked).
          fc.pre(!windows(secret).some((w) => before.includes(w) || after.includes(w)));
          clearSecrets();
          addSecret(secret);
          const text = `${before}Authorization: Bearer ${secret}${after}`;
          // Cuts before, inside and after the key.
          const max = Math.max(1, codePoints(before) + 20 + (extra % (secret.length + 10)));
          for (const out of [inert(text, max), guardLine(text, max), inert(text), guardLine(text), inertList([text, secret], { maxChars: max })]) {
            for (const w of windows(secret)) assert.ok(!out.includes(w), `${JSON.stringify(w)} in ${JSON.stringify(out)}`);
          }
        }),
        { numRuns: 1000 },
      );
    });

    it('inertList(): at most maxItems names, then the count of the rest; bounded whatever the names', () => {
      fc.assert(
        fc.property(fc.array(hostile, { maxLength: 60 }), fc.integer({ min: 1, max: 30 }), (names, maxItems) => {
          const out = inertList(names, { maxItems, maxChars: 50 });
          assert.ok(!LINE_BREAK.test(out) && !COMMAND.test(out), JSON.stringify(out));
          const rest = names.length - maxItems;
          if (rest > 0) assert.ok(out.endsWith(` and ${rest.toLocaleString('en-US')} more`), out);
          assert.ok(codePoints(out) <= maxItems * 54 + 30, `${codePoints(out)}`);
        }),
      );
    });
  });

  describe('examples', () => {
    const fields: Array<[string, string, string]> = [
      ['a workflow command after a line break', 'x\n::error title=X::owned', 'x%0A::error title=X::owned'],
      ['add-mask after a carriage return', '\r::add-mask::abc', '%0D::add-mask::abc'],
      ['stop-commands at the start', '::stop-commands::tok', '%3A:stop-commands::tok'],
      ['a command after white space', ' \t::warning::x', ' \t%3A:warning::x'],
      ['the old syntax anywhere in the line', 'a ##[error]b', 'a %23#[error]b'],
      ['percent signs, as the toolkit encodes them', '100% %0A', '100%25 %250A'],
      ['Unicode line separators and NEL', 'a\u2028b\u2029c\u0085d', 'a%u2028b%u2029c%85d'],
      ['escape sequences', '\u001b[2J', '%1B[2J'],
      ['ordinary text, unchanged', 'Tidebase: a serverless Postgres database (tabs\tstay)', 'Tidebase: a serverless Postgres database (tabs\tstay)'],
    ];
    for (const [what, input, expected] of fields) {
      it(`inert() makes ${what} inert`, () => assert.equal(inert(input), expected));
    }

    it('guardLine() leaves percent signs alone (fields are already encoded) but breaks line breaks and prefixes', () => {
      assert.equal(guardLine('::error::x\n::warning::y 100%'), '%3A:error::x%0A::warning::y 100%');
      assert.equal(guardLine(`Tags: ${inert('a\n::error::b')}`), 'Tags: a%0A::error::b');
    });

    it('cuts by code points, never inside a surrogate pair or an escape', () => {
      assert.equal(inert('😀'.repeat(10), 5), '😀😀😀😀…');
      assert.equal(inert('abc\n\n', 5), 'abc…');
      assert.equal(inert('abcd\u2028xyz', 7), 'abcd…');
      assert.equal(inert('a'.repeat(MAX_FIELD_CHARS + 1)), `${'a'.repeat(MAX_FIELD_CHARS - 1)}…`);
      assert.equal(inert('a'.repeat(MAX_FIELD_CHARS)), 'a'.repeat(MAX_FIELD_CHARS));
      assert.equal(codePoints(guardLine('x'.repeat(100_000))), MAX_LINE_CHARS);
    });

    it('redacts a key before cutting, so a key at the cut leaves nothing of itself', () => {
      const secret = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
      addSecret(secret);
      const said = `${'x'.repeat(280)} Authorization: Bearer ${secret}`;
      assert.equal(inert(said, 400), `${'x'.repeat(280)} Authorization: Bearer ***`);
      // Cut where the key began before redaction: only our own words are left.
      assert.equal(inert(said), `${'x'.repeat(280)} Authorization: Bea…`);
      assert.equal(inert(said, 310), `${'x'.repeat(280)} Authorization: Bearer ***`);
      assert.equal(redact(`a ${secret} b ${secret}`), 'a *** b ***');
      assert.equal(inertList([secret, 'fine']), '"***", "fine"');
    });

    it('shows at most 20 names and counts the rest', () => {
      const names = Array.from({ length: 50_000 }, (_, i) => `invented-${i}`);
      const out = inertList(names);
      assert.ok(out.startsWith('"invented-0", "invented-1", '), out);
      assert.ok(out.endsWith('"invented-19" and 49,980 more'), out);
    });

    it('makes a 1 MiB hostile field inert in well under 2 s', () => {
      const text = '\n::error::x%'.repeat(90_000);
      const started = Date.now();
      const out = inert(text, 10_000);
      assert.ok(Date.now() - started < 2000);
      assert.ok(codePoints(out) <= 10_000 && !LINE_BREAK.test(out));
    });
  });
});
