/**
 * The vocabulary: parsing (JSON, YAML, or a plain list) and normalisation of
 * names to GitHub's topic rules. Pure.
 */
import { parse as parseYaml } from 'yaml';
import type { Tag } from './classify/types.ts';
import { tagKey } from './classify/parse.ts';

/** GitHub allows at most this many topics on a repository. */
export const MAX_TOPICS = 20;
/** A topic is at most this many characters. */
export const MAX_TOPIC_LENGTH = 50;
/** Lowercase letters, digits and hyphens, not starting with a hyphen. */
export const TOPIC_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** More entries than this is almost certainly a mistake (and too large a prompt). */
export const MAX_VOCABULARY = 1000;
export const MAX_VOCABULARY_BYTES = 1024 * 1024;

export interface Vocabulary {
  tags: Tag[];
  /** Entries that can be output as tags but never written as topics, and similar notes. */
  warnings: string[];
}

/**
 * The topic form of a name: GitHub lowercases and turns spaces into hyphens
 * itself; anything else that breaks its rules means the name cannot be a topic.
 */
export function toTopic(name: string): string | null {
  const topic = name.trim().toLowerCase().replace(/\s+/g, '-');
  return topic.length <= MAX_TOPIC_LENGTH && TOPIC_PATTERN.test(topic) ? topic : null;
}

const EXAMPLE = 'e.g. ["database","cli"], [{"id":1,"name":"database"}], or "database, cli"';

/**
 * Parse a vocabulary from text. `source` names where it came from (an input
 * name such as `tags`, or a file path) and is used in every error. `format`
 * forces JSON or YAML (from a file's extension); otherwise JSON is tried when
 * the text starts with `[` or `{`, else a comma/newline-separated list.
 */
export function parseVocabulary(text: string, source: string, format?: 'json' | 'yaml'): Vocabulary {
  const trimmed = text.trim();
  if (!trimmed) throw new Error(`${source} is empty: give at least one tag, ${EXAMPLE}.`);
  let data: unknown;
  if (format === 'yaml') {
    try {
      data = parseYaml(trimmed);
    } catch (error) {
      throw new Error(`${source} is not valid YAML: ${(error as Error).message}`, { cause: error });
    }
  } else if (format === 'json' || /^[[{]/.test(trimmed)) {
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new Error(`${source} is not valid JSON: ${jsonErrorWhere(trimmed, error as Error)}. Fix the JSON, or give names separated by commas or newlines (${EXAMPLE}).`, {
        cause: error,
      });
    }
  } else {
    data = trimmed
      .split(/[\n,]/)
      .map((line) => line.replace(/^\s*-\s+/, '').trim())
      .filter(Boolean);
  }
  if (data && typeof data === 'object' && !Array.isArray(data) && 'tags' in data) data = (data as { tags: unknown }).tags;
  if (!Array.isArray(data)) throw new Error(`${source} must be a list of tags, ${EXAMPLE}; got ${describe(data)}.`);
  return normaliseEntries(data, source);
}

function normaliseEntries(entries: unknown[], source: string): Vocabulary {
  if (entries.length === 0) throw new Error(`${source} is an empty list: give at least one tag, ${EXAMPLE}.`);
  if (entries.length > MAX_VOCABULARY) throw new Error(`${source} has ${entries.length} tags; at most ${MAX_VOCABULARY} are supported.`);
  const tags: Tag[] = [];
  const warnings: string[] = [];
  const byKey = new Map<string, { name: string; index: number }>();
  entries.forEach((entry, index) => {
    const where = `${source}[${index}]`;
    const tag = toTag(entry, where);
    // The key selectTags matches on (case, spaces and underscores folded), so no two entries can be confused.
    const key = tagKey(tag.name);
    const twin = byKey.get(key);
    if (twin) {
      throw new Error(
        `${source}: "${twin.name}" (entry ${twin.index}) and "${tag.name}" (entry ${index}) are the same tag once normalised to "${key}"; remove or rename one.`,
      );
    }
    byKey.set(key, { name: tag.name, index });
    if (!tag.topic) {
      warnings.push(
        `Tag "${tag.name}" (${where}) cannot be a GitHub topic (topics are lowercase letters, digits and hyphens, at most ${MAX_TOPIC_LENGTH} characters); it can be output but is never written as a topic.`,
      );
    }
    tags.push(tag);
  });
  return { tags, warnings };
}

function toTag(entry: unknown, where: string): Tag {
  if (typeof entry === 'string' || typeof entry === 'number') {
    const name = String(entry).trim();
    if (!name) throw new Error(`${where} is an empty name.`);
    return { name, topic: toTopic(name) };
  }
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new Error(`${where} must be a name or an object like {"id":1,"name":"database"}; got ${describe(entry)}.`);
  }
  const record = entry as Record<string, unknown>;
  if (typeof record.name !== 'string' || !record.name.trim()) {
    throw new Error(`${where} has no "name" (a non-empty string): ${JSON.stringify(entry).slice(0, 120)}.`);
  }
  const name = record.name.trim();
  const tag: Tag = { name, topic: toTopic(name) };
  if (record.id !== undefined && record.id !== null) {
    if (typeof record.id !== 'string' && typeof record.id !== 'number') throw new Error(`${where} "id" must be a string or a number.`);
    tag.id = record.id;
  }
  if (record.description !== undefined && record.description !== null) {
    if (typeof record.description !== 'string') throw new Error(`${where} "description" must be a string.`);
    if (record.description.trim()) tag.description = record.description.trim();
  }
  if (record.aliases !== undefined && record.aliases !== null) {
    const aliases = typeof record.aliases === 'string' ? record.aliases.split(',') : record.aliases;
    if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string')) {
      throw new Error(`${where} "aliases" must be a list of strings.`);
    }
    const clean = (aliases as string[]).map((a) => a.trim()).filter(Boolean);
    if (clean.length) tag.aliases = clean;
  }
  return tag;
}

/** Where JSON.parse gave up, as line/column and the text there (Node's messages do not always say). */
function jsonErrorWhere(text: string, error: Error): string {
  const offset = jsonErrorOffset(text);
  if (offset < 0) return error.message;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const found = offset < text.length ? JSON.stringify(text[offset]) : 'end of text';
  return `unexpected ${found} at line ${line}, column ${column} (near ${JSON.stringify(text.slice(Math.max(0, offset - 20), offset + 10))})`;
}

/** Offset of the first character that breaks JSON syntax, or -1. A small scanner, only for error messages. */
export function jsonErrorOffset(s: string): number {
  let i = 0;
  const ws = () => {
    while (i < s.length && ' \t\n\r'.includes(s[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const string = () => {
    i++;
    while (i < s.length) {
      const c = s[i];
      if (c === '"') return void i++;
      if (c === '\\') i += 2;
      else if (c < ' ') fail();
      else i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (s[i] !== '"') fail();
          string();
          ws();
          if (s[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value();
    ws();
    if (i < s.length) fail();
    return -1;
  } catch (at) {
    if (typeof at === 'number') return Math.min(at, s.length);
    throw at;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
