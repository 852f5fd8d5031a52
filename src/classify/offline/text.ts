/**
 * Words for the offline classifier: one normaliser shared by the knowledge
 * base and the README text, so a cue and the text it should match are always
 * folded the same way, plus the context weights a word gets from where it
 * stands in its sentence (an aside, an example, a list of many names).
 */

import DISCOURSE_FILE from './knowledge/discourse.json' with { type: 'json' };

/** A stand-in for punctuation that ends a phrase; no cue ever contains it. */
export const BREAK = '|';

/** Scripts written without spaces (Chinese, Japanese, Korean): matched by substring, not word by word. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

const TOKEN = /([A-Za-z0-9][A-Za-z0-9+#_]*(?:\.[A-Za-z0-9+#_]+)*)|([(),.;:!?{}]|\s[-–—]\s)|([\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+)/g;

/** A Map, not an object literal: README words such as `constructor` or `__proto__` must not find Object.prototype's members. */
const WORD_ALIASES: ReadonlyMap<string, string> = new Map([
  ['nodejs', 'node'],
  ['reactjs', 'react'],
  ['vuejs', 'vue'],
  ['e.g', 'eg'],
  ['i.e', 'ie'],
]);

/**
 * Fold one word: lowercase, `x.js` -> `x`, and a light plural strip so
 * `databases`/`database` and `libraries`/`library` meet. Not a stemmer; it
 * only has to treat cue and text alike.
 */
export function normWord(word: string): string {
  let w = word.toLowerCase();
  const alias = WORD_ALIASES.get(w);
  if (alias) return alias;
  if (w.length > 4 && w.endsWith('.js')) w = w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 4 && /(?:xes|ches|shes|sses)$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is|ous)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** A phrase (a cue or a name) as the list of folded words it must match. */
export function phraseWords(phrase: string): string[] {
  let words = phrases.get(phrase);
  if (words === undefined) {
    words = [];
    for (const m of phrase.matchAll(TOKEN)) if (m[1]) words.push(normWord(m[1]));
    // Shared by every caller that asks for the same phrase: frozen, so a caller that changed it would fail loudly.
    Object.freeze(words);
    if (phrases.size >= MAX_PHRASES) phrases.clear();
    phrases.set(phrase, words);
  }
  return words;
}

/** phraseWords' answers: compiling a vocabulary folds each knowledge cue several times (names against cues). */
const phrases = new Map<string, string[]>();
const MAX_PHRASES = 50_000;

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** A block of text as words with, for each, a weight for the context it stands in (1 = plain statement). */
export interface Tokens {
  words: string[];
  /** The word as written (for the few case-sensitive cues, like `Go` or `C`). */
  raw: string[];
  weight: number[];
  /** Runs of CJK characters, for substring cues. */
  cjk: string[];
}

const DISCOURSE = loadDiscourse(DISCOURSE_FILE as Record<string, unknown>);

/** After these the rest of the clause names examples, not the subject (knowledge/discourse.json). */
const EXAMPLE_MARKERS = DISCOURSE.example;
/** After these the next few words name something else (what it replaces, resembles or is built on). */
const REFERENCE_MARKERS = DISCOURSE.reference;
const REFERENCE_SPAN = 4;
/** How something works, not what it is: "relies on X", "X under the hood". */
const MECHANISM_MARKERS = DISCOURSE.mechanism;
/** After these the rest of the clause says what the project is not ("does not assume any database"). */
const NEGATIONS = new Set(DISCOURSE.negation.map((m) => m[0]));
/** "not only X but", "no matter", "no longer": not a negation of X. */
const NOT_NEGATING = new Set(DISCOURSE.notNegating.map((m) => m[0]));
const NEGATED_SPAN = 10;
/** The first word of every example, reference and mechanism marker (a marker matches only where its first word stands). */
const MARKER_STARTS = new Set([...EXAMPLE_MARKERS, ...REFERENCE_MARKERS, ...MECHANISM_MARKERS].map((mk) => mk[0]));
const ASIDE = 0.5;
const NEGATED = 0.15;
const CLAUSE_END = new Set(['.', ';', ':', '!', '?', ' - ', ' – ', ' — ']);

function startsWith(words: string[], at: number, marker: string[]): boolean {
  for (let k = 0; k < marker.length; k++) if (words[at + k] !== marker[k]) return false;
  return true;
}

/**
 * Split text into words and give each a context weight: words in
 * parentheses, after "such as"/"e.g.", right after "alternative to"/"based
 * on", or in a run of three or more short comma-separated items (a list of
 * platforms or integrations named in passing) count half.
 */
export function tokenize(text: string): Tokens {
  const words: string[] = [];
  const raw: string[] = [];
  const cjk: string[] = [];
  /** Words joined to the next by a hyphen ("no-code", "non-blocking"). */
  const hyphenated = new Set<number>();
  for (const m of text.matchAll(TOKEN)) {
    if (m[1]) {
      if (text[m.index + m[1].length] === '-') hyphenated.add(words.length);
      words.push(normWord(m[1]));
      raw.push(m[1]);
    } else if (m[2]) {
      const p = m[2].trim() === '' ? ' - ' : m[2].length > 1 ? ` ${m[2].trim()} ` : m[2];
      words.push(BREAK);
      raw.push(p);
    } else if (m[3]) cjk.push(m[3]);
  }
  const weight = new Array<number>(words.length).fill(1);
  let paren = 0;
  let example = false;
  let reference = 0;
  let negated = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === BREAK) {
      const p = raw[i];
      if (p === '(' || p === '{') paren++;
      else if ((p === ')' || p === '}') && paren > 0) paren--;
      if (CLAUSE_END.has(p) || p === ')') example = false;
      if (p !== ',') reference = 0;
      if (CLAUSE_END.has(p) || p === ',') negated = 0;
      continue;
    }
    // "does not assume any database", "works without Docker": what the project is not.
    if (NEGATIONS.has(w) && !hyphenated.has(i) && !NOT_NEGATING.has(words[i + 1] ?? '') && !(w === 'no' && i + 1 < words.length && words[i + 1] === BREAK)) negated = NEGATED_SPAN + 1;
    // "uses SQLite under the hood": the words just before the marker name the mechanism.
    // Most words start no marker: the marker lists are searched only for those that do.
    const marks = MARKER_STARTS.has(w);
    const backward = marks && MECHANISM_MARKERS.find((mk) => mk.length === 3 && startsWith(words, i, mk));
    if (backward) for (let k = i - 1; k >= 0 && k >= i - REFERENCE_SPAN && words[k] !== BREAK; k--) weight[k] = Math.min(weight[k], ASIDE);
    if (marks && EXAMPLE_MARKERS.some((mk) => startsWith(words, i, mk))) example = true;
    const ref = marks && (REFERENCE_MARKERS.find((mk) => startsWith(words, i, mk)) ?? MECHANISM_MARKERS.find((mk) => mk.length < 3 && startsWith(words, i, mk)));
    if (ref) {
      reference = ref.length + REFERENCE_SPAN;
    }
    let f = 1;
    if (paren > 0 || example) f = ASIDE;
    if (reference > 0) {
      reference--;
      f = ASIDE;
    }
    if (negated > 0) {
      negated--;
      f = Math.min(f, NEGATED);
    }
    weight[i] = Math.min(weight[i], f);
  }
  dampEnumerations(words, raw, weight);
  return { words, raw, weight, cjk };
}

const MAX_ITEM_WORDS = 3;
const MIN_ITEMS = 3;

/** In each clause, three or more short comma-separated items are a list named in passing. */
function dampEnumerations(words: string[], raw: string[], weight: number[]): void {
  let clauseStart = 0;
  for (let i = 0; i <= words.length; i++) {
    const end = i === words.length || (words[i] === BREAK && raw[i] !== ',');
    if (!end) continue;
    // Items: [start, end) ranges split at commas and at a final and/or.
    const items: Array<[number, number]> = [];
    let commas = 0;
    for (let j = clauseStart; j < i; j++) if (raw[j] === ',') commas++;
    let s = clauseStart;
    for (let j = clauseStart; j <= i; j++) {
      if (j === i || (words[j] === BREAK && raw[j] === ',') || words[j] === 'and' || words[j] === 'or') {
        if (j > s) items.push([s, j]);
        s = j + 1;
      }
    }
    const short = items.filter(([a, b]) => b - a <= MAX_ITEM_WORDS);
    // "a library for encryption, decryption, signatures...": the list is the subject, not an aside.
    const object = short.length > 0 && words[short[0][0] - 1] === 'for';
    if (!object && commas >= MIN_ITEMS - 1 && items.length >= MIN_ITEMS && short.length >= MIN_ITEMS) {
      for (const [a, b] of short) for (let k = a; k < b; k++) weight[k] = Math.min(weight[k], ASIDE);
    }
    clauseStart = i + 1;
  }
}

/** Words that end a defining noun phrase ("a library *for* ..."). */
const PHRASE_STOP = new Set(
  'for to that which who whose with in on at from by via into written built designed based used using providing allowing where when while than like so it its you your we our'.split(' '),
);
/** "a collection of X": the phrase goes on after "of". */
const COLLECTIVE = new Set(['collection', 'set', 'suite', 'family', 'series', 'kind', 'type', 'bunch', 'group', 'pair', 'couple', 'list', 'package', 'bundle'].map(normWord));
const EASY = new Set(['easy', 'simple', 'fast', 'quick', 'ready', 'hard', 'straightforward', 'painless']);
const ARTICLES = new Set(['a', 'an', 'the', 'one', 'another', 'yet']);
const COPULA = new Set(['is', 'are', 'was']);
const MAX_DEFINITION_WORDS = 10;
const TAGLINE_WORDS = 14;

export interface Definition {
  /** Word positions [start, end) of the defining noun phrase. */
  start: number;
  end: number;
  /** Position of its head noun (the last word). */
  head: number;
  /** Head nouns: the last word, and the last word before an "and"/"or" ("libraries and tools"). */
  heads: number[];
}

/**
 * The noun phrase that says what the project is, in the first sentence of a
 * block: after "X is a/an/the", at the start of a short tagline ("A linter
 * for YAML files", "Fast Node.js version manager, built in Rust"), or after a
 * title's dash or colon ("Lark - a parsing toolkit for Python").
 */
export function definition(tokens: Tokens): Definition | undefined {
  const { words, raw } = tokens;
  let sentenceEnd = words.length;
  for (let i = 0; i < words.length; i++) {
    if (words[i] === BREAK && (raw[i] === '.' || raw[i] === '!' || raw[i] === '?' || raw[i] === ';')) {
      sentenceEnd = i;
      break;
    }
  }
  let start = -1;
  for (let i = 0; i < Math.min(sentenceEnd, 12); i++) {
    if (COPULA.has(words[i]) && i > 0) {
      start = i + 1;
      break;
    }
    if (words[i] === BREAK && raw[i] !== ',' && raw[i] !== '(' && raw[i] !== ')' && i > 0 && i <= 6) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) {
    if (ARTICLES.has(words[0]) || sentenceEnd <= TAGLINE_WORDS) start = 0;
    else return undefined;
  }
  while (start < sentenceEnd && (ARTICLES.has(words[start]) || words[start] === BREAK)) start++;
  let end = start;
  let segment = 0;
  let last = -1;
  const heads: number[] = [];
  while (end < sentenceEnd && end - start < MAX_DEFINITION_WORDS + 3) {
    const w = words[end];
    if (w === BREAK) {
      // Commas may separate short adjectives ("a fast, simple, tiny server"); anything else ends the phrase.
      if (raw[end] !== ',' || segment > 2) break;
      segment = 0;
      end++;
      continue;
    }
    if (w === 'of' && last >= 0 && COLLECTIVE.has(words[last])) {
      end++;
      continue;
    }
    // "an easy to use toolkit", "a simple to deploy server": the phrase goes on.
    if (w === 'to' && last >= 0 && EASY.has(words[last]) && end + 1 < sentenceEnd) {
      end += 2;
      continue;
    }
    if (PHRASE_STOP.has(w) || w === 'of') break;
    if ((w === 'and' || w === 'or') && last >= 0) heads.push(last);
    last = end;
    segment++;
    end++;
  }
  if (last < start) return undefined;
  heads.push(last);
  return { start, end: last + 1, head: last, heads };
}

/** The discourse markers as folded word lists, checked when they load: one word per single-word list, none folding into another. */
export function loadDiscourse(raw: Record<string, unknown>): Record<'example' | 'reference' | 'mechanism' | 'negation' | 'notNegating', string[][]> {
  const out = {} as Record<'example' | 'reference' | 'mechanism' | 'negation' | 'notNegating', string[][]>;
  const problems: string[] = [];
  for (const key of ['example', 'reference', 'mechanism', 'negation', 'notNegating'] as const) {
    const list = raw[key];
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
      problems.push(`"${key}" must be a list of phrases`);
      continue;
    }
    const seen = new Map<string, string>();
    out[key] = [];
    for (const phrase of list as string[]) {
      const words = phraseWords(phrase);
      const folded = words.join(' ');
      if (!words.length || ((key === 'negation' || key === 'notNegating') && words.length !== 1))
        problems.push(`"${key}": "${phrase}" must be ${key === 'negation' || key === 'notNegating' ? 'one word' : 'a phrase with words'}`);
      else if (seen.has(folded)) problems.push(`"${key}": "${phrase}" folds into "${seen.get(folded)}" ("${folded}"); keep one`);
      else {
        seen.set(folded, phrase);
        out[key].push(words);
      }
    }
  }
  if (problems.length) throw new Error(`offline knowledge (src/classify/offline/knowledge/discourse.json): ${problems.join('; ')}`);
  return out;
}
