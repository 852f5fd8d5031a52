import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ownerPlan, parsePatterns, selects } from '../src/fleet/patterns.ts';

describe('fleet/patterns.ts', () => {
  it('reads entries separated by newlines or commas, and lists the owners in order', () => {
    const fleet = parsePatterns('acme/*, !acme/legacy-*\nuser-jo/dotfiles\n\n  acme/api  ', 'Input "repositories"');
    assert.deepEqual(
      fleet.patterns.map((p) => p.entry),
      ['acme/*', '!acme/legacy-*', 'user-jo/dotfiles', 'acme/api'],
    );
    assert.deepEqual(fleet.owners, ['acme', 'user-jo']);
  });

  it('accepts several arguments (the CLI) as one list', () => {
    const fleet = parsePatterns(['acme/api-*', '!acme/api-old'], 'PATTERN');
    assert.equal(fleet.patterns.length, 2);
  });

  const cases: Array<[string, string, boolean]> = [
    ['acme/*', 'anything', true],
    ['acme/api-*', 'api-gateway', true],
    ['acme/api-*', 'API-Gateway', true],
    ['acme/api-*', 'web-api-x', false],
    ['acme/svc-?', 'svc-1', true],
    ['acme/svc-?', 'svc-12', false],
    ['acme/*-service', 'billing-service', true],
    ['acme/*-service', 'billing-services', false],
    ['acme/a*b*c', 'axxbyyc', true],
    ['acme/a*b*c', 'axxbyy', false],
    ['acme/Widget', 'widget', true],
    ['acme/widget', 'widget2', false],
  ];
  for (const [entry, name, expected] of cases) {
    it(`${expected ? 'matches' : 'does not match'} ${name} with ${entry}`, () => {
      assert.equal(selects(parsePatterns(entry, 'x'), 'acme', name), expected);
    });
  }

  it('excludes what a "!" entry matches, whatever the order of entries', () => {
    const fleet = parsePatterns('!acme/legacy-*, acme/*', 'x');
    assert.equal(selects(fleet, 'acme', 'legacy-billing'), false);
    assert.equal(selects(fleet, 'acme', 'billing'), true);
    assert.equal(selects(fleet, 'other', 'billing'), false);
    assert.equal(selects(fleet, 'ACME', 'Billing'), true);
  });

  it('lists an owner with a glob, and reads only the named repositories of an owner without one', () => {
    const fleet = parsePatterns('acme/*, octo/a, octo/b, octo/A, !octo/b', 'x');
    assert.deepEqual(ownerPlan(fleet, 'acme'), { list: true });
    assert.deepEqual(ownerPlan(fleet, 'octo'), { list: false, names: ['a'] });
  });

  const bad: Array<[string, RegExp]> = [
    ['acme', /entry "acme" must be owner\/name/],
    ['acme/a/b', /entry "acme\/a\/b" must be owner\/name/],
    ['ac*me/x', /entry "ac\*me\/x" has an invalid owner/],
    ['acme/a b', /entry "acme\/a b" has an invalid name/],
    ['acme/..', /invalid name/],
    ['!acme/*', /every entry is an exclusion/],
    [' , \n', /no repositories given/],
  ];
  for (const [text, message] of bad) {
    it(`rejects ${JSON.stringify(text)} naming the entry`, () => {
      assert.throws(
        () => parsePatterns(text, 'Input "repositories"'),
        (e: Error) => message.test(e.message) && e.message.startsWith('Input "repositories"'),
      );
    });
  }

  it('matches a long hostile glob in linear time', () => {
    const fleet = parsePatterns(`acme/${'*a'.repeat(45)}b`, 'x');
    const started = performance.now();
    assert.equal(selects(fleet, 'acme', 'a'.repeat(100)), false);
    assert.ok(performance.now() - started < 500);
  });

  it('keeps a control character in an entry out of the error text', () => {
    assert.throws(
      () => parsePatterns('acme/x\u001b[31m', 'x'),
      (e: Error) => !e.message.includes('\u001b'),
    );
  });
});
