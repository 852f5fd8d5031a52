/**
 * What the offline classifier knows: common GitHub topic names, the names a
 * vocabulary may use for each (`k8s`/`kubernetes`, `ml`/`machine-learning`),
 * and the words and phrases that signal them in a README.
 *
 * The knowledge itself is data: knowledge/topics.json (shape in
 * knowledge/schema.json), checked here when it loads, by
 * `npm run check:knowledge` at build time and by the tests; a user's
 * `knowledge-file` is checked the same way and adds or overrides entries.
 *
 * Each entry:
 * - names: the first is the canonical one; a vocabulary tag with any of these names is this topic.
 * - cues: `phrase weight` or `phrase weight^head`. 3 = the phrase all but says the
 *   topic ("key-value store" for database), 2 = strong, 1 = supporting,
 *   0.5 = weak; 0 = a longer phrase that must NOT count for the topic even
 *   though a shorter cue inside it would ("query language" for language).
 *   `^head` gives a different weight when the phrase is the head noun of the
 *   sentence that defines the project: "language" is weak in general but
 *   decisive in "TypeScript is a language for ...".
 *   A phrase with capitals matches only as written (`Go`, `C`); `~React` is the
 *   usual spelling of a name (any case, but not `ReAct`); a phrase in
 *   Chinese/Japanese/Korean matches as a substring.
 * - kind: the topic names what sort of project this is (a library, a CLI...)
 *   and also draws on the README's structure (see structure.ts).
 * - fences: code-fence languages that show the project's own language.
 * - implies: `topic share`: what this topic usually comes as; the other tag
 *   gets at least that share of this one's score ("an ORM is a library").
 * - displaces: topics whose words this one uses in another sense ("courses" in an
 *   LMS is not learning material); they count less when this topic leads.
 * - examples: a sentence that must select the topic and one that must not; every
 *   entry has them (the build fails naming an entry without).
 *
 * Written by hand from general knowledge of how projects describe
 * themselves; nothing here names or fits a particular project.
 */
import TOPICS from './knowledge/topics.json' with { type: 'json' };
import { inert } from '../../log.ts';
import { hasCjk, phraseWords } from './text.ts';

/** An outside value (a name or cue from a knowledge file) quoted for an error. */
const q = (value: unknown) => `"${inert(value, 120)}"`;

export type ProjectKind = 'lib' | 'cli' | 'framework' | 'sdk' | 'learning' | 'app' | 'web-app' | 'desktop-app' | 'mobile-app' | 'language';

export const PROJECT_KINDS: readonly ProjectKind[] = ['lib', 'cli', 'framework', 'sdk', 'learning', 'app', 'web-app', 'desktop-app', 'mobile-app', 'language'];

export interface KnowledgeEntry {
  names: string[];
  /** `head`: the weight when the phrase is the head noun of the README's defining phrase ("TypeScript is a *language*"). */
  cues: Array<[phrase: string, weight: number, head?: number]>;
  kind?: ProjectKind;
  fences?: string[];
  /** Other topics this one usually comes as, and how much of its score carries over ("an ORM is a library"). */
  implies?: Array<[name: string, share: number]>;
  /**
   * Topics whose words this one uses in another sense: an LMS talks of courses and learning
   * without being learning material itself, unless its shape says so (a list of links).
   */
  displaces?: string[];
  /** A sentence that must select the topic, and one that must not (run by the knowledge test and check). */
  examples?: { selects: string; rejects: string };
}

/** The largest cue weight: 3 is "all but says the topic". */
export const MAX_WEIGHT = 3;

/** How a name is looked up: folded words joined, so `Game Engine`, `game-engine ` and `game_engines` meet. */
export function nameKey(name: string): string {
  let key = nameKeys.get(name);
  if (key === undefined) {
    key = phraseWords(name.replace(/[-_/]+/g, ' ')).join('');
    // Names come from the knowledge, the vocabulary and the repository's language: a few thousand. The bound only guards odd callers.
    if (nameKeys.size >= MAX_NAME_KEYS) nameKeys.clear();
    nameKeys.set(name, key);
  }
  return key;
}

/** nameKey's answers: every vocabulary tag is looked up by name for each README (signals.ts languageTags, knowledge lookups). */
const nameKeys = new Map<string, string>();
const MAX_NAME_KEYS = 20_000;

/** The words a cue matches, as the matcher folds them (vocabulary.ts addCue); undefined when it can match nothing. */
export function cueKey(phrase: string): string | undefined {
  if (hasCjk(phrase)) return `cjk:${phrase}`;
  const canonical = phrase.startsWith('~');
  const p = canonical ? phrase.slice(1) : phrase;
  const words = phraseWords(p);
  if (!words.length) return undefined;
  const exact = !canonical && /[A-Z]/.test(p) ? exactWords(p) : undefined;
  return (exact ?? words).join(' ');
}

export function exactWords(phrase: string): string[] {
  return [...phrase.matchAll(/[A-Za-z0-9][A-Za-z0-9+#_]*(?:\.[A-Za-z0-9+#_]+)*/g)].map((m) => m[0]);
}

const CUE = /^\s*(.+?)\s+(\d+(?:\.\d+)?)(?:\^(\d+(?:\.\d+)?))?\s*$/;
const SHARE = /^\s*(\S+)\s+(0(?:\.\d+)?|1(?:\.0+)?)\s*$/;
const ENTRY_KEYS = new Set(['names', 'cues', 'kind', 'fences', 'implies', 'displaces', 'examples']);

/** How many problems one error lists before "and N more". */
const MAX_LISTED = 20;

export interface ParseKnowledgeOptions {
  /** Names the source in errors: `Input "knowledge-file" (kb.yml)`, `built-in knowledge`. */
  label: string;
  /** Entries the file's `implies`/`displaces` may also link to (the built-in ones, for a user's file). */
  base?: readonly KnowledgeEntry[];
  /** Whether every entry must carry `examples` (a user's file: yes). */
  requireExamples?: boolean;
  /**
   * Skip the per-cue checks (collapsing cues, the case rule) and the entries' names in messages:
   * only for the built-in file, which `npm run check:knowledge` (run by the build) and
   * test/knowledge.test.ts check in full. They are most of the cost of reading it, paid by every run otherwise.
   */
  trusted?: boolean;
}

/**
 * Check and read knowledge entries (`{"entries":[...]}` or a bare list). Every problem is
 * reported at once, each naming its entry: a malformed weight, a cue that matches nothing
 * or the same words as an earlier cue of the entry (it would be silently dead), a name
 * used twice, a link to a topic that does not exist.
 */
export function parseKnowledge(raw: unknown, options: ParseKnowledgeOptions): KnowledgeEntry[] {
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && Array.isArray((raw as { entries?: unknown }).entries) ? (raw as { entries: unknown[] }).entries : undefined;
  if (!list) throw new Error(`${options.label}: expected {"entries": [...]}, a list of knowledge entries (see "Teaching the offline classifier" in the README).`);
  const problems: string[] = [];
  const entries: KnowledgeEntry[] = [];
  const names = new Map<string, string>();
  list.forEach((value, index) => {
    // The trusted built-in file is checked with names in its messages by the build; quoting every name here costs a run ~50 ms.
    const where = `entry ${index + 1}${options.trusted ? '' : entryName(value)}`;
    const entry = parseEntry(value, where, problems, { requireExamples: options.requireExamples ?? false, trusted: options.trusted ?? false });
    if (!entry) return;
    for (const name of entry.names) {
      const key = nameKey(name);
      const other = names.get(key);
      if (other && other !== where) problems.push(`${where}: the name ${q(name)} is already used by ${other}`);
      else names.set(key, where);
    }
    entries.push(entry);
  });
  // Links must reach a topic this file or the base knows.
  const known = new Set([...(options.base ?? []), ...entries].flatMap((e) => e.names.map(nameKey)));
  entries.forEach((entry, index) => {
    const where = () => `entry ${index + 1} (${q(entry.names[0])})`;
    for (const [name] of entry.implies ?? []) if (!known.has(nameKey(name))) problems.push(`${where()}: "implies" names ${q(name)}, which no entry knows`);
    for (const name of entry.displaces ?? []) if (!known.has(nameKey(name))) problems.push(`${where()}: "displaces" names ${q(name)}, which no entry knows`);
  });
  if (problems.length) {
    const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
    throw new Error(`${options.label}: ${problems.length} problem${problems.length > 1 ? 's' : ''} in the knowledge entries: ${problems.slice(0, MAX_LISTED).join('; ')}${more}.`);
  }
  return entries;
}

function entryName(value: unknown): string {
  const names = value && typeof value === 'object' ? (value as { names?: unknown }).names : undefined;
  return Array.isArray(names) && typeof names[0] === 'string' ? ` (${q(names[0])})` : '';
}

function parseEntry(value: unknown, where: string, problems: string[], { requireExamples, trusted }: { requireExamples: boolean; trusted: boolean }): KnowledgeEntry | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${where}: expected an object like {"names": ["vr"], "cues": ["virtual reality 3"]}`);
    return undefined;
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!ENTRY_KEYS.has(key)) problems.push(`${where}: unknown field ${q(key)} (known: ${[...ENTRY_KEYS].join(', ')})`);
  const names = stringList(v.names, `${where}: "names"`, problems);
  if (names && !names.length) problems.push(`${where}: "names" is empty`);
  if (names) for (const n of names) if (!nameKey(n)) problems.push(`${where}: the name ${q(n)} has no letters or digits`);
  const cueSpecs = stringList(v.cues, `${where}: "cues"`, problems);
  const cues: KnowledgeEntry['cues'] = [];
  const seen = new Map<string, string>();
  const caseSensitive = new Map<string, string>();
  for (const spec of cueSpecs ?? []) {
    const m = CUE.exec(spec);
    if (!m) {
      problems.push(`${where}: the cue ${q(spec)} is not "phrase weight" or "phrase weight^head" (a weight from 0 to ${MAX_WEIGHT})`);
      continue;
    }
    const [, phrase, w, h] = m;
    const weight = Number(w);
    const head = h === undefined ? undefined : Number(h);
    if (weight > MAX_WEIGHT || (head !== undefined && head > MAX_WEIGHT)) {
      problems.push(`${where}: the cue ${q(spec)} has a weight above ${MAX_WEIGHT}`);
      continue;
    }
    if (trusted) {
      cues.push(head === undefined ? [phrase, weight] : [phrase, weight, head]);
      continue;
    }
    const key = cueKey(phrase);
    if (key === undefined) {
      problems.push(`${where}: the cue ${q(spec)} has no words to match`);
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(`${where}: the cue ${q(spec)} matches the same words as ${q(earlier)} (${q(key)}), so it would never count; keep one`);
      continue;
    }
    seen.set(key, spec);
    if (/[A-Z]/.test(phrase) && !phrase.startsWith('~')) caseSensitive.set(phraseWords(phrase).join(' '), spec);
    cues.push(head === undefined ? [phrase, weight] : [phrase, weight, head]);
  }
  // `golang` folds to the words of `Go`: matched in any case, it would undo the case rule that keeps the verb "go" out.
  // (Nothing to undo without a case-sensitive cue; the built-in file, read trusted, has none collected.)
  for (const [phrase] of caseSensitive.size ? cues : []) {
    if (/[A-Z]/.test(phrase) || hasCjk(phrase)) continue;
    const rule = caseSensitive.get(phraseWords(phrase.replace(/^~/, '')).join(' '));
    if (rule !== undefined)
      problems.push(`${where}: the cue ${q(phrase)} folds to the words of the case-sensitive cue ${q(rule)} and matches them in any case, which undoes it; drop it or write it with capitals`);
  }
  let kind: ProjectKind | undefined;
  if (v.kind !== undefined) {
    if (typeof v.kind === 'string' && (PROJECT_KINDS as readonly string[]).includes(v.kind)) kind = v.kind as ProjectKind;
    else problems.push(`${where}: "kind" must be one of ${PROJECT_KINDS.join(', ')}`);
  }
  const fences = v.fences === undefined ? undefined : stringList(v.fences, `${where}: "fences"`, problems)?.map((f) => f.trim().toLowerCase());
  const implies: Array<[string, number]> = [];
  for (const spec of v.implies === undefined ? [] : (stringList(v.implies, `${where}: "implies"`, problems) ?? [])) {
    const m = SHARE.exec(spec);
    if (m) implies.push([m[1], Number(m[2])]);
    else problems.push(`${where}: "implies" ${q(spec)} is not "topic share" with a share from 0 to 1`);
  }
  const displaces = v.displaces === undefined ? undefined : stringList(v.displaces, `${where}: "displaces"`, problems);
  let examples: KnowledgeEntry['examples'];
  if (v.examples !== undefined) {
    const e = v.examples as Record<string, unknown>;
    if (e && typeof e === 'object' && typeof e.selects === 'string' && e.selects.trim() && typeof e.rejects === 'string' && e.rejects.trim()) examples = { selects: e.selects, rejects: e.rejects };
    else problems.push(`${where}: "examples" must be {"selects": "a sentence that names the topic", "rejects": "one that must not"}`);
  } else if (requireExamples) {
    problems.push(`${where}: "examples" is missing: give a sentence that must select the topic and one that must not`);
  }
  if (!names || !cueSpecs) return undefined;
  return { names, cues, ...(kind ? { kind } : {}), ...(fences ? { fences } : {}), ...(implies.length ? { implies } : {}), ...(displaces ? { displaces } : {}), ...(examples ? { examples } : {}) };
}

function stringList(value: unknown, what: string, problems: string[]): string[] | undefined {
  if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) {
    problems.push(`${what} must be a list of strings`);
    return undefined;
  }
  return value.map((x: string) => x.trim()).filter(Boolean);
}

const BUILT_IN_LABEL = 'built-in knowledge (src/classify/offline/knowledge/topics.json)';

/** The built-in knowledge base, read at module load (its full check is checkBuiltInKnowledge(), run by the build and the tests). */
export const KNOWLEDGE: readonly KnowledgeEntry[] = parseKnowledge(TOPICS, { label: BUILT_IN_LABEL, trusted: true });

/** The built-in file checked in full, as a user's file is, examples required (for the build's check and the tests). */
export function checkBuiltInKnowledge(): KnowledgeEntry[] {
  return parseKnowledge(TOPICS, { label: BUILT_IN_LABEL, requireExamples: true });
}

/** A set of entries with its name index. The built-in one is shared; a user's file makes another. */
export class KnowledgeBase {
  readonly entries: readonly KnowledgeEntry[];
  private readonly byName = new Map<string, KnowledgeEntry>();

  constructor(entries: readonly KnowledgeEntry[]) {
    this.entries = entries;
    for (const entry of entries) {
      for (const name of entry.names) {
        const key = nameKey(name);
        if (key && !this.byName.has(key)) this.byName.set(key, entry);
      }
    }
  }

  find(name: string): KnowledgeEntry | undefined {
    return this.byName.get(nameKey(name));
  }

  /** The base with a user's entries: an entry sharing a name with built-in ones replaces them; the rest are added. */
  with(overrides: readonly KnowledgeEntry[]): KnowledgeBase {
    if (!overrides.length) return this;
    const keys = new Set(overrides.flatMap((e) => e.names.map(nameKey)));
    const kept = this.entries.filter((e) => !e.names.some((n) => keys.has(nameKey(n))));
    return new KnowledgeBase([...overrides, ...kept]);
  }
}

export const BUILT_IN_KNOWLEDGE = new KnowledgeBase(KNOWLEDGE);
