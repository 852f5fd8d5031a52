import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseVocabulary, toTopic, MAX_TOPIC_LENGTH } from '../src/tags.ts';

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
});
