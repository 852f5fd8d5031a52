/**
 * A vocabulary compiled against the knowledge base: every tag becomes a
 * concept with its cues (built-in knowledge matched by name or synonym, the
 * tag's own name, its `aliases` and `description`), and all cues go into one
 * index keyed by their first word, so a README is scanned once for all tags.
 */
import type { Tag } from '../types.ts';
import { BUILT_IN_KNOWLEDGE, exactWords, nameKey, type KnowledgeBase, type KnowledgeEntry, type ProjectKind } from './knowledge.ts';

export { nameKey };
import { hasCjk, phraseWords } from './text.ts';

export interface Cue {
  /** Folded words to match, in order. */
  words: string[];
  /** Words as written, for a case-sensitive cue (`Go`, `C`); otherwise undefined. */
  exact?: string[];
  /**
   * The usual spelling of a name (`~React` in the knowledge base): any case matches, except a word
   * written with inner capitals (`ReAct`), which is a different name unless spelled exactly so.
   */
  canon?: string[];
  /** For a CJK cue: the substring to find. */
  cjk?: string;
  weight: number;
  /** Weight when the cue ends on the head noun of the README's defining phrase. */
  head?: number;
  concept: number;
  /** The phrase as written in the knowledge base / vocabulary, for reasons. */
  phrase: string;
  /** The cue spells its tag's own name (or an alias) in two words or more: it covers shorter cues of other tags inside it. */
  name?: boolean;
}

export interface Concept {
  /** What the concept is for: a vocabulary tag (index into the vocabulary), or a part of a composite tag. */
  label: string;
  kind?: ProjectKind;
  fences?: string[];
}

export interface CompiledTag {
  tag: Tag;
  /** The concept scored for the tag itself. */
  concept: number;
  /** For a name made of known topics (`python-library`): the concepts that must all be present. */
  parts?: number[];
  /** The knowledge entry found for the name (or its topic), if any. */
  entry?: KnowledgeEntry;
  /** Vocabulary tags (by index) this one usually comes as, and the share of its score they get at least. */
  implies?: Array<{ tag: number; share: number }>;
  /** Vocabulary tags (by index) whose evidence this one explains away when it scores at least as high. */
  displaces?: number[];
  /**
   * Other vocabulary tags the knowledge base reads as the same topic (`go`/`golang`, `nlp`/`natural-language-processing`):
   * only one of them is ever chosen, by the evidence for its own name (`own`, a concept of the name and aliases alone),
   * then by `rank`, the name's place in the knowledge entry (its usual name first).
   */
  alternatives?: { members: number[]; own: number; rank: number };
}

export interface CompiledVocabulary {
  /** The knowledge it was compiled against (built-in, or with a user's knowledge-file). */
  knowledge: KnowledgeBase;
  tags: CompiledTag[];
  concepts: Concept[];
  /** Cues by their first folded word. */
  byFirst: Map<string, Cue[]>;
  cjk: Cue[];
}

/** Names used by more than one entry (the first wins); kept empty by a test. */
export function duplicateKnowledgeNames(kb: KnowledgeBase = BUILT_IN_KNOWLEDGE): string[] {
  const seen = new Map<string, KnowledgeEntry>();
  const dups: string[] = [];
  for (const entry of kb.entries) {
    for (const name of entry.names) {
      const key = nameKey(name);
      const first = seen.get(key);
      if (first && first !== entry) dups.push(`${name} (${first.names[0]} / ${entry.names[0]})`);
      else seen.set(key, entry);
    }
  }
  return dups;
}

export function knowledgeFor(name: string, kb: KnowledgeBase = BUILT_IN_KNOWLEDGE): KnowledgeEntry | undefined {
  return kb.find(name);
}

/** Words that carry no topic in a name or description. */
const FILLER = new Set(
  'a an the and or of for to in on with by from as at is are be it its this that these those into via using based about your you our we can will not no all any each more most other such than then them they their there which who what when where how also just only very many much some one two new tool tools project projects software code thing things stuff use used uses make makes made etc e g ie eg like'.split(
    ' ',
  ),
);

const NAME_WEIGHT = 3;
const ALIAS_WEIGHT = 3;
const DESCRIPTION_WORD_WEIGHT = 0.6;
const DESCRIPTION_PAIR_WEIGHT = 1.2;

const cache = new WeakMap<KnowledgeBase, WeakMap<readonly Tag[], CompiledVocabulary>>();

/** Compile (once per vocabulary array and knowledge base; the batch passes the same ones for every README). */
export function compileVocabulary(vocabulary: readonly Tag[], kb: KnowledgeBase = BUILT_IN_KNOWLEDGE): CompiledVocabulary {
  let byVocabulary = cache.get(kb);
  if (!byVocabulary) cache.set(kb, (byVocabulary = new WeakMap()));
  const hit = byVocabulary.get(vocabulary);
  if (hit) return hit;
  const compiled = build(vocabulary, kb);
  byVocabulary.set(vocabulary, compiled);
  return compiled;
}

function build(vocabulary: readonly Tag[], kb: KnowledgeBase): CompiledVocabulary {
  const knowledgeFor = (name: string) => kb.find(name);
  const concepts: Concept[] = [];
  const byFirst = new Map<string, Cue[]>();
  const cjk: Cue[] = [];
  const tags: CompiledTag[] = [];
  const partConcepts = new Map<KnowledgeEntry, number>();

  const addCue = (concept: number, phrase: string, weight: number, seen: Set<string>, head?: number) => {
    if (hasCjk(phrase)) {
      const key = `cjk:${phrase}`;
      if (seen.has(key)) return;
      seen.add(key);
      cjk.push({ words: [], cjk: phrase, weight, concept, phrase });
      return;
    }
    const canonical = phrase.startsWith('~');
    if (canonical) phrase = phrase.slice(1);
    const words = phraseWords(phrase);
    if (!words.length) return;
    const exact = !canonical && /[A-Z]/.test(phrase) ? exactWords(phrase) : undefined;
    const key = (exact ?? words).join(' ');
    if (seen.has(key)) return;
    seen.add(key);
    const cue: Cue = { words, exact, weight, head, concept, phrase };
    if (canonical) cue.canon = exactWords(phrase);
    const list = byFirst.get(words[0]);
    if (list) list.push(cue);
    else byFirst.set(words[0], [cue]);
  };

  const addEntry = (concept: number, entry: KnowledgeEntry, seen: Set<string>, share = 1) => {
    for (const [phrase, w, head] of entry.cues) addCue(concept, phrase, w * share, seen, head === undefined ? undefined : head * share);
    // A name the cues already spell (`go` as `Go`, case-sensitive) is left to that cue: the verb "go" is not Go.
    for (const name of entry.names) if (!spelledByCue(entry, name)) addCue(concept, name.replace(/[-_]+/g, ' '), weight(entry, name) * share, seen);
  };

  for (const tag of vocabulary) {
    const concept = concepts.length;
    const entry = knowledgeFor(tag.name) ?? (tag.topic ? knowledgeFor(tag.topic) : undefined);
    concepts.push({ label: tag.name, kind: entry?.kind, fences: entry?.fences });
    const seen = new Set<string>();
    // The vocabulary's own words come first so they win over a built-in weight for the same phrase.
    for (const alias of tag.aliases ?? []) if (alias.trim()) addCue(concept, alias.trim(), ALIAS_WEIGHT, seen);
    if (entry) addEntry(concept, entry, seen);
    const spoken = tag.name.trim().replace(/[-_]+/g, ' ');
    if (!entry || !spelledByCue(entry, tag.name)) addCue(concept, spoken, NAME_WEIGHT, seen);
    const joined = phraseWords(spoken).join('');
    if (joined && phraseWords(spoken).length > 1) addCue(concept, joined, NAME_WEIGHT, seen);
    if (tag.description) addDescription(concept, tag.description, seen, addCue);

    let parts: number[] | undefined;
    if (!entry) {
      const partEntries = compositeParts(tag.name, kb);
      if (partEntries) {
        parts = partEntries.map((e) => {
          let index = partConcepts.get(e);
          if (index === undefined) {
            index = concepts.length;
            concepts.push({ label: `${tag.name} (${e.names[0]})`, kind: e.kind, fences: e.fences });
            addEntry(index, e, new Set());
            partConcepts.set(e, index);
          }
          return index;
        });
      }
    }
    // An unknown name still draws on the known topics inside it: `graph-neural-networks` on graph and deep-learning.
    if (!entry && !parts) for (const related of relatedParts(tag.name, kb)) addEntry(concept, related, seen, RELATED_SHARE);
    tags.push({ tag, concept, parts, entry });
  }
  // "An ORM is a library": link implied topics that the vocabulary has.
  const entries = tags.map((t) => t.entry);
  tags.forEach((t, index) => {
    const implies = (entries[index]?.implies ?? [])
      .map(([name, share]) => ({ tag: entries.findIndex((e, j) => j !== index && e !== undefined && e === knowledgeFor(name)), share }))
      .filter((i) => i.tag >= 0);
    if (implies.length) t.implies = implies;
    const displaces = (entries[index]?.displaces ?? []).map((name) => entries.findIndex((e, j) => j !== index && e !== undefined && e === knowledgeFor(name))).filter((i) => i >= 0);
    if (displaces.length) t.displaces = displaces;
  });
  // Two names of one topic in the vocabulary: each also gets a concept of its own name alone, to choose between them.
  const groups = new Map<KnowledgeEntry, number[]>();
  entries.forEach((e, i) => {
    if (e) groups.set(e, [...(groups.get(e) ?? []), i]);
  });
  for (const [entry, members] of groups) {
    if (members.length < 2) continue;
    for (const index of members) {
      const t = tags[index];
      const own = concepts.length;
      concepts.push({ label: `${t.tag.name} (its own name)` });
      const seen = new Set<string>();
      for (const alias of t.tag.aliases ?? []) if (alias.trim()) addCue(own, alias.trim(), ALIAS_WEIGHT, seen);
      const words = phraseWords(t.tag.name.replace(/[-_]+/g, ' '));
      // The entry's own spelling of the name when it has one (`Go`, case-sensitive), else the name as words.
      const written = entry.cues.find(([phrase]) => phraseWords(phrase.replace(/^~/, '')).join(' ') === words.join(' '));
      addCue(own, written ? written[0] : words.join(' '), written ? written[1] : NAME_WEIGHT, seen);
      if (words.length > 1) addCue(own, words.join(''), NAME_WEIGHT, seen);
      // The entry's blockers count against the name alone too: "deep learning" is not evidence for `learning`.
      for (const [phrase, w] of entry.cues) if (w === 0 && containsRun(phraseWords(phrase.replace(/^~/, '')), words)) addCue(own, phrase, 0, seen);
      const key = nameKey(t.tag.name);
      const rank = entry.names.findIndex((n) => nameKey(n) === key);
      t.alternatives = { members, own, rank: rank < 0 ? entry.names.length : rank };
    }
  }
  explainAway(tags, byFirst);
  return { knowledge: kb, tags, concepts, byFirst, cjk };
}

/**
 * What a phrase that is another vocabulary tag's own name still counts for a tag: "android" says `android` when
 * the vocabulary has it, and only in part `mobile`; "deep learning" says `deep-learning` more than `ai`.
 */
const OTHER_TAG_SHARE = 0.8;
/** ...and a cue that holds another tag's name among its words ("android app" for `mobile` beside `android`). */
const CONTAINED_SHARE = 0.8;

/** A name or cue as written, lowercased (`HTTPS` is not `http`, though the matcher folds them alike). */
function spelled(phrase: string): string {
  return phrase
    .replace(/^~/, '')
    .toLowerCase()
    .split(/[-_\s]+/)
    .filter(Boolean)
    .join(' ');
}

/** A cue that spells another tag's name (or alias) in the vocabulary counts OTHER_TAG_SHARE for every other concept. */
function explainAway(tags: CompiledTag[], byFirst: Map<string, Cue[]>): void {
  const owner = new Map<string, Set<number>>();
  tags.forEach((t) => {
    const same = new Set([t.concept, ...(t.alternatives?.members.map((m) => tags[m].concept) ?? [])]);
    for (const name of [t.tag.name, ...(t.tag.aliases ?? [])]) {
      const key = spelled(name);
      if (!key) continue;
      const set = owner.get(key) ?? new Set<number>();
      for (const c of same) set.add(c);
      owner.set(key, set);
    }
  });
  const own = new Set(tags.flatMap((t) => (t.alternatives ? [t.alternatives.own] : [])));
  // A name that holds the other name (`web-server` and `server`, `chrome-extension` and `chrome`) keeps it whole.
  const nameWords = new Map(tags.map((t) => [t.concept, new Set(phraseWords(t.tag.name.replace(/[-_]+/g, ' ')))]));
  const explains = (run: string, concept: number): boolean => {
    const owners = owner.get(run);
    if (!owners || owners.has(concept)) return false;
    const words = nameWords.get(concept);
    return !(words && phraseWords(run).every((w) => words.has(w)));
  };
  // The first words of the names: a run of a cue's words can be a name only when it starts with one.
  const firstWords = new Set([...owner.keys()].map((key) => key.split(' ')[0]));
  const otherTagShare = (phrase: string, concept: number): number => {
    if (explains(phrase, concept)) return OTHER_TAG_SHARE;
    const words = phrase.split(' ');
    if (!words.some((w) => firstWords.has(w))) return 1;
    // A phrase that also says the tag's own name ("json parser" for `json`, "ai agents" for `agent`) is its own.
    const own = nameWords.get(concept);
    if (own && phraseWords(phrase).some((w) => own.has(w))) return 1;
    for (let n = words.length - 1; n >= 1; n--) for (let i = 0; i + n <= words.length; i++) if (firstWords.has(words[i]) && explains(words.slice(i, i + n).join(' '), concept)) return CONTAINED_SHARE;
    return 1;
  };
  for (const list of byFirst.values()) {
    for (const cue of list) {
      if (own.has(cue.concept)) continue;
      const phrase = spelled(cue.phrase);
      if (cue.words.length > 1 && owner.get(phrase)?.has(cue.concept)) cue.name = true;
      const share = otherTagShare(phrase, cue.concept);
      if (share === 1) continue;
      cue.weight *= share;
      if (cue.head !== undefined) cue.head *= share;
    }
  }
}

/** Whether `words` holds `run` as consecutive words (and is longer). */
function containsRun(words: string[], run: string[]): boolean {
  if (!run.length || words.length <= run.length) return false;
  for (let i = 0; i + run.length <= words.length; i++) if (run.every((w, k) => words[i + k] === w)) return true;
  return false;
}

/** Whether a case-sensitive cue of the entry has the name's words (`Go` for `go`, `C` for `c`). */
function spelledByCue(entry: KnowledgeEntry, name: string): boolean {
  const words = phraseWords(name.replace(/[-_]+/g, ' ')).join(' ');
  return entry.cues.some(([phrase]) => /[A-Z]/.test(phrase) && !phrase.startsWith('~') && phraseWords(phrase).join(' ') === words);
}

/** A name's own words, as a cue, weigh what the knowledge base says for that phrase (else the default). */
function weight(entry: KnowledgeEntry, name: string): number {
  const words = phraseWords(name.replace(/[-_]+/g, ' ')).join(' ');
  for (const [phrase, w] of entry.cues) if (phraseWords(phrase).join(' ') === words) return w;
  return NAME_WEIGHT;
}

/**
 * `python-library` -> [python, library]; `rust-cli` -> [rust, cli]. Every
 * meaningful part must be known, else the name is left to its own words.
 */
function compositeParts(name: string, kb: KnowledgeBase): KnowledgeEntry[] | undefined {
  const words = name
    .trim()
    .toLowerCase()
    .split(/[-_\s/]+/)
    .filter((w) => w && !FILLER.has(w));
  if (words.length < 2 || words.length > 3) return undefined;
  const parts: KnowledgeEntry[] = [];
  for (const word of words) {
    const entry = kb.find(word);
    if (!entry) return undefined;
    if (!parts.includes(entry)) parts.push(entry);
  }
  return parts.length >= 2 ? parts : undefined;
}

/** What a known topic inside an unknown name lends it: its cues count this share. */
const RELATED_SHARE = 0.5;

/**
 * The known topics inside a name that is not itself known: the longest runs of its
 * words that name a knowledge entry (`convolutional-neural-networks` -> deep-learning,
 * `aws-lambda` -> aws and serverless). Filler words do not count on their own.
 */
function relatedParts(name: string, kb: KnowledgeBase): KnowledgeEntry[] {
  const words = name
    .trim()
    .toLowerCase()
    .split(/[-_\s/]+/)
    .filter(Boolean);
  if (words.length < 2 || words.length > 5) return [];
  const found: KnowledgeEntry[] = [];
  let i = 0;
  while (i < words.length) {
    let matched = 0;
    for (let n = words.length - i; n >= 1; n--) {
      if (n === words.length) continue;
      const run = words.slice(i, i + n);
      if (n === 1 && (FILLER.has(run[0]) || run[0].length < 2)) continue;
      const entry = kb.find(run.join('-'));
      if (entry) {
        if (!found.includes(entry)) found.push(entry);
        matched = n;
        break;
      }
    }
    i += Math.max(1, matched);
  }
  return found;
}

/** A description's content words (weak) and adjacent pairs of them (stronger) become cues. */
function addDescription(concept: number, description: string, seen: Set<string>, addCue: (concept: number, phrase: string, weight: number, seen: Set<string>) => void): void {
  for (const clause of description.split(/[.,;:()!?\n]+/)) {
    const words = (clause.toLowerCase().match(/[a-z0-9][a-z0-9+#.-]*[a-z0-9+#]|[a-z0-9]/g) ?? []).map((w) => w.replace(/-/g, ' '));
    let previous: string | undefined;
    for (const word of words) {
      const content = !FILLER.has(word) && word.length >= 3;
      if (content) {
        addCue(concept, word, DESCRIPTION_WORD_WEIGHT, seen);
        if (previous) addCue(concept, `${previous} ${word}`, DESCRIPTION_PAIR_WEIGHT, seen);
      }
      previous = content ? word : undefined;
    }
    for (const cjkRun of clause.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,}/g) ?? []) addCue(concept, cjkRun, DESCRIPTION_PAIR_WEIGHT, seen);
  }
}
