/**
 * Signals beside the README's words, applied to the scored tags:
 *
 * - The repository's primary language (GitHub's `language`, a batch item's
 *   `language`): a vocabulary entry that names a language is decided mainly
 *   by it. The language itself gains; other languages the README only
 *   mentions count less.
 * - The vocabulary's own profile: a list of subjects that names only one or
 *   two forms of project (library, CLI, mobile app...) uses them as topics, not as a
 *   scheme every README falls into; such a tag needs stronger evidence.
 * - Alternatives: two vocabulary entries the knowledge base reads as one
 *   topic (`go`/`golang`, `nlp`/`natural-language-processing`) are never
 *   both chosen; the one whose own name the evidence favours stays.
 */
import LANGUAGES from './knowledge/languages.json' with { type: 'json' };
import { inert } from '../../log.ts';
import { BUILT_IN_KNOWLEDGE, type KnowledgeBase } from './knowledge.ts';
import type { ConceptScore } from './score.ts';
import { nameKey, type CompiledVocabulary } from './vocabulary.ts';

export interface Scored {
  index: number;
  name: string;
  score: number;
  reason: string;
}

interface LanguageInfo {
  topics: string[];
  markup?: boolean;
  incidental?: boolean;
}

const TABLE: ReadonlyMap<string, LanguageInfo> = new Map(Object.entries((LANGUAGES as { languages: Record<string, LanguageInfo> }).languages).map(([name, info]) => [nameKey(name), info]));

/** Language-table entries whose topics no knowledge entry knows (kept empty by the build check). */
export function languageTableProblems(knowledge: KnowledgeBase = BUILT_IN_KNOWLEDGE): string[] {
  const problems: string[] = [];
  for (const [language, info] of Object.entries((LANGUAGES as { languages: Record<string, LanguageInfo> }).languages)) {
    if (!Array.isArray(info.topics) || info.topics.some((t) => typeof t !== 'string')) problems.push(`languages.json: "${language}" needs "topics", a list of topic names`);
    else for (const topic of info.topics) if (!knowledge.find(topic)) problems.push(`languages.json: "${language}" links to the topic "${topic}", which no knowledge entry knows`);
    for (const flag of ['markup', 'incidental'] as const)
      if (info[flag] !== undefined && typeof info[flag] !== 'boolean') problems.push(`languages.json: "${language}": "${flag}" must be true or false`);
  }
  return problems;
}

/** What the primary language adds to its tag: about a strong cue in the opening paragraphs. */
export const LANGUAGE = {
  /** Added to the tag of the primary language when the README speaks of the language too (its name, its tools, code in it). */
  primary: 3.5,
  /**
   * ...and when it does not: below the floor on its own. A repository's primary language the README never
   * mentions is mostly incidental (the glue of an extension, the scripts of a setup); maintainers seldom make it a topic.
   */
  unsupported: 2.5,
  /**
   * ...for a markup language (HTML, CSS, TeX), and for a language mostly of implementation (languages.json's
   * `incidental`: C, TypeScript, Shell), which tools on every subject are written in and maintainers seldom name
   * as a topic: a hint, whether or not the README speaks of the language.
   */
  markup: 1,
  /** A language tag that is not the primary language keeps this share of its score. */
  other: 0.6,
};

/** The vocabulary tags (by index) that a GitHub language name stands for. */
export function languageTags(vocab: CompiledVocabulary, language: string): number[] {
  const key = nameKey(language);
  if (!key) return [];
  const info = TABLE.get(key);
  const names = info ? info.topics : [language];
  const out: number[] = [];
  vocab.tags.forEach((t, index) => {
    const tagKey = nameKey(t.tag.name);
    // The tag's entry as compiled: its name's, else its topic's.
    if (names.some((n) => nameKey(n) === tagKey || (t.entry !== undefined && vocab.knowledge.find(n) === t.entry))) out.push(index);
  });
  return out;
}

/** The primary language decides the vocabulary's language entries: its own gains, the others' passing mentions count less. */
export function applyLanguage(scored: Scored[], vocab: CompiledVocabulary, language: string | undefined): void {
  if (!language?.trim()) return;
  const own = new Set(languageTags(vocab, language));
  const info = TABLE.get(nameKey(language));
  const weak = info?.markup === true || info?.incidental === true;
  for (const s of scored) {
    if (own.has(s.index)) {
      s.score += weak ? LANGUAGE.markup : s.score > 0 ? LANGUAGE.primary : LANGUAGE.unsupported;
      const why = `the repository's primary language (${inert(language.trim(), 40)})`;
      s.reason = s.reason ? `${why}; ${s.reason}` : why;
    } else if (vocab.concepts[vocab.tags[s.index].concept].kind === 'language') {
      s.score *= LANGUAGE.other;
    }
  }
}

/** What the chosen one of several names keeps of its score when the README uses none of them. */
const UNNAMED_ALTERNATIVE = 0.7;

/** Of the vocabulary entries that name one topic, keep the one whose own name has the most evidence (its usual name on a tie). */
export function resolveAlternatives(scored: Scored[], vocab: CompiledVocabulary, concepts: ConceptScore[]): void {
  const done = new Set<number>();
  for (const t of vocab.tags) {
    const alt = t.alternatives;
    if (!alt || done.has(alt.own)) continue;
    const members = alt.members.map((index) => ({ index, own: concepts[vocab.tags[index].alternatives!.own].score, rank: vocab.tags[index].alternatives!.rank }));
    for (const m of members) done.add(vocab.tags[m.index].alternatives!.own);
    members.sort((a, b) => b.own - a.own || a.rank - b.rank || a.index - b.index);
    const [keep, ...drop] = members;
    const best = Math.max(...alt.members.map((i) => scored[i].score));
    if (best > scored[keep.index].score) scored[keep.index].score = best;
    // No name of the group in the text: the README speaks of the topic only around it.
    if (keep.own <= 0) scored[keep.index].score *= UNNAMED_ALTERNATIVE;
    for (const d of drop) {
      scored[d.index].score = 0;
    }
  }
}

/** Project forms: what a README's shape says (installed and imported, run with arguments, an app for a platform), whatever its subject. */
const FORMS = new Set(['lib', 'cli', 'framework', 'sdk', 'app', 'web-app', 'desktop-app', 'mobile-app']);

/** A vocabulary with at least this many form tags classifies projects by form; with fewer, a form tag is one topic among many. */
export const FORM_SCHEME = 3;
/** What a form tag keeps of its score in a vocabulary that is not a scheme of forms. */
export const FORM_SHARE = 0.5;

/** A vocabulary this small is not a list of subjects (a test, a user's one-tag check): no profile. */
const PROFILE_MIN_TAGS = 10;

export function applyVocabularyProfile(scored: Scored[], vocab: CompiledVocabulary): void {
  if (vocab.tags.length < PROFILE_MIN_TAGS) return;
  const forms = vocab.tags.map((t, index) => ({ index, kind: vocab.concepts[t.concept].kind })).filter((t) => t.kind !== undefined && FORMS.has(t.kind));
  if (!forms.length || forms.length >= FORM_SCHEME) return;
  for (const { index } of forms) scored[index].score *= FORM_SHARE;
}
