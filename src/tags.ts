/**
 * The vocabulary: parsing (JSON, YAML, or a plain list) and normalisation of
 * names to GitHub's topic rules. Pure.
 */
import { Lexer, parseDocument } from 'yaml';
import type { Tag } from './classify/types.ts';
import { tagKey } from './classify/parse.ts';
import { hasControlCharacter, inert, inertList } from './log.ts';

/** GitHub allows at most this many topics on a repository. */
export const MAX_TOPICS = 20;
/** A topic is at most this many characters. */
export const MAX_TOPIC_LENGTH = 50;
/** Lowercase letters, digits and hyphens, not starting with a hyphen. */
export const TOPIC_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** More entries than this is almost certainly a mistake (and too large a prompt). */
export const MAX_VOCABULARY = 1000;
export const MAX_VOCABULARY_BYTES = 1024 * 1024;
/** A tag name is at most this many characters (GitHub's topics: 50). */
export const MAX_NAME_LENGTH = 100;
/** A description is sent to the model with every README: at most this many characters. */
export const MAX_DESCRIPTION_LENGTH = 1000;
/** At most this many aliases per tag, each at most MAX_NAME_LENGTH characters. */
export const MAX_ALIASES = 50;
/**
 * A vocabulary is a list of names or of flat objects (`{"tags": [{"aliases": [...]}]}`
 * is four levels): deeper nesting is refused before a parser can recurse on it.
 */
export const MAX_NESTING = 16;
/**
 * The yaml package takes time that grows faster than the text on some shapes
 * (thousands of stray quotes or brackets): a YAML vocabulary may hold at most
 * this many tokens (indicators, keys and values), 25 per tag.
 */
export const MAX_YAML_TOKENS = 25_000;

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
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_VOCABULARY_BYTES) {
    throw new Error(
      `${source} is ${bytes.toLocaleString('en-US')} bytes; a vocabulary may be at most ${MAX_VOCABULARY_BYTES.toLocaleString('en-US')} bytes (1 MiB). ` +
        `Keep names, descriptions and aliases short (${MAX_VOCABULARY} tags at most).`,
    );
  }
  const trimmed = text.trim();
  if (!trimmed) throw new Error(`${source} is empty: give at least one tag, ${EXAMPLE}.`);
  let data: unknown;
  if (format === 'yaml') {
    yamlShape(trimmed, source);
    // prettyErrors off: the pretty form costs time per error, and only the first error is shown.
    const document = parseDocument(trimmed, { prettyErrors: false });
    const [error] = document.errors;
    if (error) {
      const at = `line ${lineOf(trimmed, error.pos[0])}`;
      // A parser that recursed too deep anyway (block nesting by indentation) says so in words, not as a stack overflow.
      if (/call stack/i.test(error.message)) throw tooDeep(source, { where: at }, error);
      throw new Error(`${source} is not valid YAML at ${at}: ${inert(error.message.split('\n')[0])}`, { cause: error });
    }
    try {
      data = document.toJS();
    } catch (error) {
      // e.g. aliases that expand without end (the yaml package stops them).
      throw new Error(`${source} is not valid YAML: ${inert((error as Error).message)}`, { cause: error });
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

function tooDeep(source: string, at: { where: string }, cause?: unknown): Error {
  return new Error(
    `${source} is nested too deeply (at ${at.where}) to be a vocabulary: give a list of names or of objects like {"id":1,"name":"database","aliases":["db"]}, at most ${MAX_NESTING} levels deep.`,
    { cause },
  );
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Refuses YAML text that nests deeper than MAX_NESTING or holds more than
 * MAX_YAML_TOKENS tokens, before the parser sees it. One pass of the yaml
 * package's own lexer (linear; stops at the first excess): flow collections
 * (`[`, `{`) count one level each, and so does every block indicator (`-`,
 * `?`, `:`) on one line (`- - - x` is three levels). Nesting by indentation
 * alone is left to the parser, which fails fast on it.
 */
function yamlShape(text: string, source: string): void {
  let flow = 0;
  let onLine = 0;
  let line = 1;
  let tokens = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '\n' || token === '\r\n') {
      line++;
      onLine = 0;
      continue;
    }
    if (token[0] === '#' || token.trim() === '') continue;
    if (++tokens > MAX_YAML_TOKENS) {
      throw new Error(
        `${source} is too large a YAML document (over ${MAX_YAML_TOKENS.toLocaleString('en-US')} keys, values and indicators by line ${line}); a vocabulary has at most ${MAX_VOCABULARY} tags. Use a JSON file for a very large vocabulary.`,
      );
    }
    if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    else if (token === '-' || token === '?' || token === ':') onLine++;
    if (flow + onLine > MAX_NESTING) throw tooDeep(source, { where: `line ${line}` });
  }
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
      throw new Error(`${source}: "${inert(twin.name)}" (entry ${twin.index}) and "${inert(tag.name)}" (entry ${index}) are the same tag once normalised to "${inert(key)}"; remove or rename one.`);
    }
    byKey.set(key, { name: tag.name, index });
    if (!tag.topic) {
      warnings.push(
        `Tag "${inert(tag.name)}" (${where}) cannot be a GitHub topic (topics are lowercase letters, digits and hyphens, at most ${MAX_TOPIC_LENGTH} characters); it can be output but is never written as a topic.`,
      );
    }
    tags.push(tag);
  });
  return { tags, warnings };
}

function toTag(entry: unknown, where: string): Tag {
  if (typeof entry === 'string' || typeof entry === 'number') {
    const name = checkName(String(entry), where);
    return { name, topic: toTopic(name) };
  }
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new Error(`${where} must be a name or an object like {"id":1,"name":"database"}; got ${describe(entry)}.`);
  }
  const record = entry as Record<string, unknown>;
  if (typeof record.name !== 'string' || !record.name.trim()) {
    const keys = Object.keys(record);
    throw new Error(`${where} has no "name" (a non-empty string); ${keys.length ? `its keys are ${inertList(keys, { maxItems: 10, maxChars: 40 })}` : 'it is an empty object'}.`);
  }
  const name = checkName(record.name, where);
  const tag: Tag = { name, topic: toTopic(name) };
  if (record.id !== undefined && record.id !== null) {
    if (typeof record.id !== 'string' && typeof record.id !== 'number') throw new Error(`${where} "id" must be a string or a number.`);
    tag.id = record.id;
  }
  if (record.description !== undefined && record.description !== null) {
    if (typeof record.description !== 'string') throw new Error(`${where} "description" must be a string.`);
    const description = record.description.trim();
    const length = codePoints(description);
    if (length > MAX_DESCRIPTION_LENGTH) {
      throw new Error(
        `${where} "description" is ${length.toLocaleString('en-US')} characters long; at most ${MAX_DESCRIPTION_LENGTH.toLocaleString('en-US')} are allowed (it is sent to the model with every README). Shorten it.`,
      );
    }
    if (description) tag.description = description;
  }
  if (record.aliases !== undefined && record.aliases !== null) {
    const aliases = typeof record.aliases === 'string' ? record.aliases.split(',') : record.aliases;
    if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string')) {
      throw new Error(`${where} "aliases" must be a list of strings.`);
    }
    if (aliases.length > MAX_ALIASES) {
      throw new Error(`${where} "aliases" has ${aliases.length.toLocaleString('en-US')} entries; at most ${MAX_ALIASES} are allowed.`);
    }
    const clean = (aliases as string[]).map((a, i) => (a.trim() ? checkName(a, `${where} "aliases"[${i}]`) : '')).filter(Boolean);
    if (clean.length) tag.aliases = clean;
  }
  return tag;
}

/** A name (or alias) trimmed, one line of printable text, at most MAX_NAME_LENGTH characters. */
function checkName(raw: string, where: string): string {
  // The whole value is checked, not the trimmed one: "\r::add-mask::..." is refused, not quietly trimmed (one final line break is allowed, as YAML block scalars end with one).
  const line = raw.replace(/\r?\n$/, '');
  if (hasControlCharacter(line) || line.includes('\t')) {
    throw new Error(`${where} ("${inert(line, 60)}") has a control character (a line break, tab or escape); a name must be one line of printable text.`);
  }
  const name = raw.trim();
  if (!name) throw new Error(`${where} is an empty name.`);
  const length = codePoints(name);
  if (length > MAX_NAME_LENGTH) {
    throw new Error(`${where} ("${inert(name, 40)}") is ${length.toLocaleString('en-US')} characters long; a name may have at most ${MAX_NAME_LENGTH}.`);
  }
  return name;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Where JSON.parse gave up, as line/column and the text there (Node's messages do not always say). */
function jsonErrorWhere(text: string, error: Error): string {
  const offset = jsonErrorOffset(text);
  if (offset < 0) return inert(error.message);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const found = offset < text.length ? JSON.stringify(text[offset]) : 'end of text';
  return `unexpected ${inert(found)} at line ${line}, column ${column} (near ${inert(JSON.stringify(text.slice(Math.max(0, offset - 20), offset + 10)))})`;
}

/**
 * Offset of the first character that breaks JSON syntax, or -1. A small
 * scanner, only for error messages; a loop over an explicit stack of open
 * containers, so `[[[[...` a million deep cannot overflow the call stack.
 */
export function jsonErrorOffset(s: string): number {
  let i = 0;
  const open: Array<'[' | '{'> = [];
  const ws = () => {
    while (i < s.length && ' \t\n\r'.includes(s[i])) i++;
  };
  /** A string starting at i; false where it breaks. */
  const string = (): boolean => {
    i++;
    while (i < s.length) {
      const c = s[i];
      if (c === '"') {
        i++;
        return true;
      }
      if (c === '\\') i += 2;
      else if (c < ' ') return false;
      else i++;
    }
    return false;
  };
  /** `"key":` inside an object. */
  const member = (): boolean => {
    ws();
    if (s[i] !== '"' || !string()) return false;
    ws();
    if (s[i] !== ':') return false;
    i++;
    return true;
  };
  const at = () => Math.min(i, s.length);
  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      const c = s[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (s[i] === (c === '{' ? '}' : ']')) {
          i++;
          expectValue = false;
          continue;
        }
        open.push(c);
        if (c === '{' && !member()) return at();
        continue;
      }
      if (c === '"') {
        if (!string()) return at();
      } else {
        const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 400));
        if (!m) return at();
        i += m[0].length;
      }
      expectValue = false;
      continue;
    }
    const top = open.at(-1);
    if (!top) return i < s.length ? at() : -1;
    if (s[i] === ',') {
      i++;
      if (top === '{' && !member()) return at();
      expectValue = true;
    } else if (s[i] === (top === '{' ? '}' : ']')) {
      i++;
      open.pop();
    } else {
      return at();
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${inert(JSON.stringify(value), 80)}`;
}
