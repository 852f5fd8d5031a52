import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseVocabulary, toTopic, MAX_ALIASES, MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, MAX_TOPIC_LENGTH, MAX_VOCABULARY_BYTES, MAX_YAML_TOKENS } from '../src/tags.ts';

describe('tags.ts', () => {
  it('parses the seed form: objects with id and name, trimming stray spaces', () => {
    const { tags, warnings } = parseVocabulary('[{"id":81,"name":"game-engine "},{"id":47,"name":"database"}]', 'Input "tags"');
    assert.deepEqual(tags, [
      { name: 'game-engine', topic: 'game-engine', id: 81 },
      { name: 'database', topic: 'database', id: 47 },
    ]);
    assert.deepEqual(warnings, []);
  });

  const lists: Array<[string, string, string[]]> = [
    ['a JSON array of names', '["cli", "database"]', ['cli', 'database']],
    ['comma-separated names', 'cli, database ,testing', ['cli', 'database', 'testing']],
    ['newline-separated names', 'cli\ndatabase\n\ntesting\n', ['cli', 'database', 'testing']],
    ['a YAML-style list in the input', '- cli\n- database', ['cli', 'database']],
  ];
  for (const [what, text, names] of lists) {
    it(`parses ${what}`, () => {
      assert.deepEqual(
        parseVocabulary(text, 'Input "tags"').tags.map((t) => t.name),
        names,
      );
    });
  }

  it('reads YAML files with descriptions and aliases, and a {tags: [...]} wrapper', () => {
    const yaml = 'tags:\n  - name: k8s\n    description: Kubernetes tooling\n    aliases: [kubernetes, kubectl]\n  - cli\n';
    const { tags } = parseVocabulary(yaml, 'tags.yml', 'yaml');
    assert.deepEqual(tags[0], { name: 'k8s', topic: 'k8s', description: 'Kubernetes tooling', aliases: ['kubernetes', 'kubectl'] });
    assert.equal(tags[1].name, 'cli');
  });

  it('says where malformed JSON is broken', () => {
    assert.throws(
      () => parseVocabulary('["cli", "database",, "x"]', 'Input "tags"'),
      (e: Error) => /Input "tags" is not valid JSON/.test(e.message) && /column \d+|position \d+/.test(e.message),
    );
  });

  it('rejects an empty vocabulary, naming the input', () => {
    assert.throws(() => parseVocabulary('   ', 'Input "tags"'), /Input "tags" is empty/);
    assert.throws(() => parseVocabulary('[]', 'Input "tags"'), /Input "tags" is an empty list/);
  });

  it('rejects entries without a name, pointing at the entry', () => {
    assert.throws(() => parseVocabulary('[{"id":1,"name":"a"},{"id":2}]', 'Input "tags"'), /Input "tags"\[1\] has no "name"/);
  });

  it('rejects names that are the same after normalisation, naming both', () => {
    assert.throws(
      () => parseVocabulary('["Database", "cli", "database "]', 'Input "tags"'),
      (e: Error) => e.message.includes('"Database" (entry 0)') && e.message.includes('"database" (entry 2)'),
    );
  });

  it('rejects names that differ only by underscores, spaces or case, which would be confused', () => {
    assert.throws(() => parseVocabulary('game_engine, game-engine', 'Input "tags"'), /"game_engine" \(entry 0\) and "game-engine" \(entry 1\)/);
    assert.throws(() => parseVocabulary('["c sharp", "C_Sharp"]', 'Input "tags"'), /same tag once normalised to "c-sharp"/);
  });

  it('reports names that cannot be GitHub topics instead of mangling them', () => {
    const { tags, warnings } = parseVocabulary('["c++", "node.js", "Game Engine"]', 'Input "tags"');
    assert.deepEqual(
      tags.map((t) => [t.name, t.topic]),
      [
        ['c++', null],
        ['node.js', null],
        ['Game Engine', 'game-engine'],
      ],
    );
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /"c\+\+".*cannot be a GitHub topic/);
  });

  it('follows GitHub topic rules for length and characters', () => {
    assert.equal(toTopic('a'.repeat(MAX_TOPIC_LENGTH)), 'a'.repeat(MAX_TOPIC_LENGTH));
    assert.equal(toTopic('a'.repeat(MAX_TOPIC_LENGTH + 1)), null);
    assert.equal(toTopic('-leading-hyphen'), null);
    assert.equal(toTopic('UPPER'), 'upper');
  });
  describe('hostile vocabularies', () => {
    /** No line of an error message may start a workflow command. */
    const inertText = (message: string) => !/[\r\n]/.test(message) && !/^\s*(::|##\[)/.test(message);

    const rejected: Array<[string, string, 'json' | 'yaml' | undefined, RegExp]> = [
      [
        'a name with a line break and a workflow command',
        JSON.stringify(['cli', 'x\n::error title=X::owned']),
        undefined,
        /^Input "tags"\[1\] \("x%0A::error title=X::owned"\) has a control character/,
      ],
      ['a name with a carriage return and add-mask', JSON.stringify(['\r::add-mask::secret', 'cli']), undefined, /^Input "tags"\[0\] \("%0D::add-mask::secret"\) has a control character/],
      ['a stop-commands line in the comma form', 'cli, ok\u2028::stop-commands::t', undefined, /^Input "tags"\[1\] \("ok%u2028::stop-commands::t"\) has a control character/],
      ['a name with an escape character', JSON.stringify(['\u001b[31mred']), undefined, /^Input "tags"\[0\] \("%1B\[31mred"\) has a control character/],
      ['a name with a tab', JSON.stringify([{ name: 'a\tb' }]), undefined, /^Input "tags"\[0\] \("a\tb"\) has a control character/],
      [
        'an alias with a line break',
        JSON.stringify([{ name: 'cli', aliases: ['ok', 'x\n::warning::y'] }]),
        undefined,
        /^Input "tags"\[0\] "aliases"\[1\] \("x%0A::warning::y"\) has a control character/,
      ],
      [
        'a name over the length cap',
        JSON.stringify(['cli', 'n'.repeat(MAX_NAME_LENGTH + 1)]),
        undefined,
        new RegExp(`^Input "tags"\\[1\\] \\("n{39}…"\\) is ${MAX_NAME_LENGTH + 1} characters long; a name may have at most ${MAX_NAME_LENGTH}\\.$`),
      ],
      [
        'a description over the length cap',
        JSON.stringify([{ name: 'cli', description: 'd'.repeat(MAX_DESCRIPTION_LENGTH + 1) }]),
        undefined,
        /^Input "tags"\[0\] "description" is 1,001 characters long; at most 1,000 are allowed/,
      ],
      [
        'too many aliases',
        JSON.stringify([{ name: 'cli', aliases: Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `a${i}`) }]),
        undefined,
        new RegExp(`^Input "tags"\\[0\\] "aliases" has ${MAX_ALIASES + 1} entries; at most ${MAX_ALIASES} are allowed\\.$`),
      ],
      [
        'an alias over the length cap',
        JSON.stringify([{ name: 'cli', aliases: ['a'.repeat(MAX_NAME_LENGTH + 1)] }]),
        undefined,
        /^Input "tags"\[0\] "aliases"\[0\] \("a{39}…"\) is 101 characters long/,
      ],
      ['text over 1 MiB', `["cli", "${'x'.repeat(MAX_VOCABULARY_BYTES)}"]`, undefined, /^Input "tags" is 1,048,587 bytes; a vocabulary may be at most 1,048,576 bytes \(1 MiB\)/],
      ['invalid JSON nested 100,000 deep', '['.repeat(100_000), undefined, /^Input "tags" is not valid JSON: unexpected end of text at line 1, column 100001 \(near "\[{20}"\)/],
      ['invalid JSON nested 100,000 deep in objects', '{"a":'.repeat(100_000), 'json', /^Input "tags" is not valid JSON: unexpected end of text at line 1, column 500001/],
      ['YAML flow collections nested 100,000 deep', '['.repeat(100_000), 'yaml', /^Input "tags" is nested too deeply \(at line 1\) to be a vocabulary/],
      ['YAML compact sequences nested 100,000 deep', '- '.repeat(100_000) + 'x', 'yaml', /^Input "tags" is nested too deeply \(at line 1\) to be a vocabulary/],
      [
        'YAML nested by indentation 1,400 deep',
        Array.from({ length: 1400 }, (_, i) => ' '.repeat(i) + '- ').join('\n') + 'x',
        'yaml',
        /^Input "tags" is nested too deeply \(at line \d+\) to be a vocabulary/,
      ],
      [
        'YAML with more tokens than any vocabulary needs',
        '- name: x\n'.repeat(MAX_YAML_TOKENS),
        'yaml',
        /^Input "tags" is too large a YAML document \(over 25,000 keys, values and indicators by line \d+\)/,
      ],
      ['YAML aliases that expand without end', '- &a x\n' + '- *a\n'.repeat(200), 'yaml', /^Input "tags" is not valid YAML: Excessive alias count/],
      ['a YAML syntax error', '- cli\n- [db\n', 'yaml', /^Input "tags" is not valid YAML at line \d: /],
    ];
    for (const [what, text, format, error] of rejected) {
      it(`rejects ${what} with an inert message naming the entry or input`, () => {
        const started = Date.now();
        assert.throws(
          () => parseVocabulary(text, 'Input "tags"', format),
          (e: Error) => {
            assert.match(e.message, error);
            assert.ok(inertText(e.message), e.message);
            assert.ok(e.message.length < 1000, `${e.message.length} characters`);
            return true;
          },
        );
        assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
      });
    }

    it('accepts names and descriptions at the caps, and unicode names', () => {
      const { tags } = parseVocabulary(
        JSON.stringify([
          { name: 'n'.repeat(MAX_NAME_LENGTH), description: 'd'.repeat(MAX_DESCRIPTION_LENGTH), aliases: Array.from({ length: MAX_ALIASES }, (_, i) => `a${i}`) },
          'データベース',
          '100%',
        ]),
        'Input "tags"',
      );
      assert.deepEqual(
        tags.map((t) => t.name),
        ['n'.repeat(MAX_NAME_LENGTH), 'データベース', '100%'],
      );
      assert.equal(tags[0].aliases?.length, MAX_ALIASES);
    });

    it('accepts a multi-line description (only names must be one line)', () => {
      const { tags } = parseVocabulary('- name: cli\n  description: |\n    Command-line tools.\n    Terminal apps.\n', 'tags.yml', 'yaml');
      assert.equal(tags[0].description, 'Command-line tools.\nTerminal apps.');
    });

    it('names an entry without a name by its keys, bounded, even when it nests deeply', () => {
      const deep = `[{"id":1,"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}]`;
      assert.throws(() => parseVocabulary(deep, 'Input "tags"'), { message: 'Input "tags"[0] has no "name" (a non-empty string); its keys are "id", "x".' });
    });

    it('quotes outside text in duplicate and topic messages inertly', () => {
      // inert() breaks a leading "::" in every field, wherever the field lands in the message.
      assert.throws(() => parseVocabulary('["::A", "::a"]', 'Input "tags"'), {
        message: 'Input "tags": "%3A:A" (entry 0) and "%3A:a" (entry 1) are the same tag once normalised to "%3A:a"; remove or rename one.',
      });
      const { warnings } = parseVocabulary('["##[error]x"]', 'Input "tags"');
      assert.match(warnings[0], /^Tag "%23#\[error\]x" \(Input "tags"\[0\]\) cannot be a GitHub topic/);
    });
  });
});
