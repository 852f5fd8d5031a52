/**
 * A user's own knowledge (the `knowledge-file` input, the `--knowledge` flag):
 * entries in the built-in shape that add topics or override built-in ones,
 * checked like the built-in file and by their own examples. Pure: the caller
 * reads the file.
 */
import { parse as parseYaml } from 'yaml';
import { inert } from '../../log.ts';
import type { Tag } from '../types.ts';
import { classifyOffline } from './index.ts';
import { BUILT_IN_KNOWLEDGE, KNOWLEDGE, parseKnowledge, type KnowledgeBase, type KnowledgeEntry } from './knowledge.ts';

export interface KnowledgeFileOptions {
  /** Names the file in errors: `Input "knowledge-file" (kb.yml)`, `--knowledge kb.yml`. */
  label: string;
  format: 'json' | 'yaml';
}

/** Parse, check and merge a knowledge file over the built-in knowledge. Errors name the entry and what to change. */
export function knowledgeFromText(text: string, options: KnowledgeFileOptions): KnowledgeBase {
  let raw: unknown;
  try {
    raw = options.format === 'yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new Error(`${options.label} is not valid ${options.format === 'yaml' ? 'YAML' : 'JSON'}: ${inert((error as Error).message, 200)}`, { cause: error });
  }
  const entries = parseKnowledge(raw, { label: options.label, base: KNOWLEDGE, requireExamples: true });
  const knowledge = BUILT_IN_KNOWLEDGE.with(entries);
  const failures = exampleFailures(entries, knowledge);
  if (failures.length) throw new Error(`${options.label}: ${failures.length} example${failures.length > 1 ? 's' : ''} did not hold: ${failures.join('; ')}.`);
  return knowledge;
}

/**
 * Each entry's examples, run through the classifier: `selects` must choose the entry's
 * first name and `rejects` must not, with that name alone as the vocabulary.
 */
export function exampleFailures(entries: readonly KnowledgeEntry[], knowledge: KnowledgeBase = BUILT_IN_KNOWLEDGE): string[] {
  const failures: string[] = [];
  entries.forEach((entry, index) => {
    if (!entry.examples) return;
    const name = entry.names[0];
    const where = `entry ${index + 1} ("${inert(name, 80)}")`;
    if (!selects(entry.examples.selects, name, knowledge))
      failures.push(`${where}: its "selects" example "${inert(entry.examples.selects, 160)}" does not select it; give it a stronger cue or a clearer sentence`);
    if (selects(entry.examples.rejects, name, knowledge)) failures.push(`${where}: its "rejects" example "${inert(entry.examples.rejects, 160)}" selects it; a cue is too broad`);
  });
  return failures;
}

const vocabularies = new Map<string, Tag[]>();

export function selects(sentence: string, name: string, knowledge: KnowledgeBase): boolean {
  let vocabulary = vocabularies.get(name);
  if (!vocabulary) vocabularies.set(name, (vocabulary = [{ name, topic: name.toLowerCase() }]));
  return classifyOffline({ readme: sentence, vocabulary, maxTags: 1 }, knowledge).tags.some((t) => t.name === name);
}
