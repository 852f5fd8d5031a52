/**
 * Scoring a README against a compiled vocabulary.
 *
 * Every cue hit adds the weight of where it stands (title, tagline, opening
 * paragraphs >> headings > body; code, install/build/licence sections and
 * badges ~ 0) times its context weight (asides and lists of names count half).
 * Per concept and cue those add up to m, and the cue contributes
 * `weight * ln(1 + m)`: repeating a word has diminishing returns. What each
 * region (title, tagline, opening, headings, body, noise...) adds to m
 * saturates towards a ceiling set by the region's position weight, so past a
 * few mentions repetition adds nothing and no amount of it in the body or in
 * noise sections outweighs a clear tagline. Several different cues add up,
 * but a concept's total from one region is bounded too. The README's
 * structure (a library's install+import, a CLI's own command, a list of
 * links) adds pseudo-cues for project kinds.
 */
import type { ReadmeDoc } from '../../readme.ts';
import SECTIONS from './knowledge/sections.json' with { type: 'json' };
import type { ProjectKind } from './knowledge.ts';
import type { Structure } from './structure.ts';
import { escapeRegExp, STRUCTURE_PATTERNS } from './structure-patterns.ts';
import { BREAK, definition, tokenize, type Tokens } from './text.ts';
import type { CompiledVocabulary, Cue } from './vocabulary.ts';

export type Where = 'description' | 'title' | 'tagline' | 'opening' | 'heading' | 'body' | 'aside' | 'structure' | 'code fences';

/** Position weights. */
export const PLACE = {
  description: 3,
  title: 2,
  tagline: 3,
  opening: [2, 1.6, 1.3, 1.1],
  heading: 0.5,
  body: 0.35,
  noise: 0.08,
  /** Body blocks lose weight the further down they are: w / (1 + index / BODY_DECAY). */
  bodyDecay: 25,
};

/** Sections that describe the project count more; usage, related-projects and community sections less (knowledge/sections.json). */
const DESCRIPTIVE_SECTION = sectionPattern(SECTIONS.descriptive, 'start');
const USAGE_SECTION = sectionPattern(SECTIONS.usage, 'anywhere');
const ASIDE_SECTION = sectionPattern(SECTIONS.aside, 'anywhere');
const LIST_BODY_FACTOR = 0.4;
const SECTION_FACTOR = { descriptive: 1.6, usage: 0.6, aside: 0.2 };

/** Blocks whose first sentence may define the project, and how much more its defining phrase counts. */
const DEFINING = new Set<Where>(['description', 'title', 'tagline', 'opening']);
const DEFINITION_BOOST = 1.5;
const MODIFIER = 0.5;

/** "A framework to *build* web apps": the kind of project after a verb of making is what users make with it. */
const MAKING = new Set(['build', 'building', 'builds', 'create', 'creating', 'creates', 'make', 'making', 'develop', 'developing', 'write', 'writing', 'power', 'powering']);
const APP_KINDS = new Set<ProjectKind>(['app', 'web-app', 'desktop-app', 'mobile-app']);
const MADE = 0.2;

function afterMaking(words: string[], start: number): boolean {
  for (let k = start - 1; k >= 0 && k >= start - 3; k--) {
    if (words[k] === BREAK) return false;
    if (MAKING.has(words[k])) return true;
  }
  return false;
}

/** Concepts that name what sort of project it is (a library, a web app...), as opposed to a subject or a language. */
function isProjectKind(vocab: CompiledVocabulary, concept: number): boolean {
  const kind = vocab.concepts[concept].kind;
  return kind !== undefined && kind !== 'language';
}

/** What words after the first sentence of a lead block (tagline, opening paragraph, description) count. */
const LATER_SENTENCE = 0.6;

function firstSentenceEnd(tokens: Tokens): number {
  for (let i = 0; i < tokens.words.length; i++) if (tokens.words[i] === BREAK && SENTENCE_END.has(tokens.raw[i])) return i;
  return Infinity;
}
const SENTENCE_END = new Set(['.', '!', '?']);

/** Several different cues of one concept in the same block: the k-th (by weight) counts 1/(1+k). */
const SAME_BLOCK_DAMPING = 1;

export interface Hit {
  cue: Cue;
  m: number;
  where: Where;
}

export interface ConceptScore {
  score: number;
  /** Per cue family (`benchmark`, `benchmarks`, `benchmarking` are one): the evidence gathered. */
  evidence: Map<string, Evidence>;
}

interface Evidence {
  /** The phrase that gave the strongest single hit (for reasons). */
  phrase: string;
  /** The family's largest cue weight. */
  weight: number;
  /** Per region: sum of cue weight x position weight x context weight over its hits. */
  wm: Map<Where, number>;
  where: Where;
  best: number;
  /** What the family adds to the concept (set once all evidence is in). */
  contribution?: number;
}

interface WeightedBlock {
  text: string;
  weight: number;
  where: Where;
}

/** The README's blocks with their position weights (and the repository description, when known, first). */
export function weighBlocks(doc: ReadmeDoc, description?: string, listLike = false): WeightedBlock[] {
  // In a curated list the body names other projects: it says little about the list itself.
  const bodyFactor = listLike ? LIST_BODY_FACTOR : 1;
  const out: WeightedBlock[] = [];
  if (description?.trim()) out.push({ text: description.trim(), weight: PLACE.description, where: 'description' });
  const hasLead = doc.blocks.some((b) => b.lead && b.kind !== 'title');
  let openings = 0;
  let bodyIndex = 0;
  let fallbackOpenings = 0;
  for (const block of doc.blocks) {
    if (block.kind === 'code') continue;
    if (block.kind === 'title') {
      out.push({ text: block.text, weight: PLACE.title, where: 'title' });
      continue;
    }
    if (block.noise) {
      out.push({ text: block.text, weight: PLACE.noise, where: 'aside' });
      continue;
    }
    if (block.lead) {
      const isTagline = block.text === doc.tagline && openings === 0;
      const w = isTagline ? PLACE.tagline : PLACE.opening[Math.min(openings, PLACE.opening.length - 1)];
      openings++;
      out.push({ text: block.text, weight: w, where: isTagline ? 'tagline' : 'opening' });
      continue;
    }
    if (block.kind === 'heading') {
      out.push({ text: block.text, weight: PLACE.heading * sectionFactor(block.text) * bodyFactor, where: 'heading' });
      continue;
    }
    // No opening prose found by the parser: the first prose blocks stand in for it.
    if (!hasLead && fallbackOpenings < 2 && (block.kind === 'paragraph' || block.kind === 'quote') && isSentence(block.text)) {
      out.push({ text: block.text, weight: PLACE.opening[fallbackOpenings + 1] * Math.min(1, sectionFactor(block.section)), where: 'opening' });
      fallbackOpenings++;
      continue;
    }
    const w = (PLACE.body * bodyFactor * sectionFactor(block.section)) / (1 + bodyIndex / PLACE.bodyDecay);
    bodyIndex++;
    out.push({ text: block.text, weight: w, where: 'body' });
  }
  return out;
}

function sectionFactor(section: string): number {
  if (!section) return 1;
  if (DESCRIPTIVE_SECTION.test(section.trim())) return SECTION_FACTOR.descriptive;
  if (ASIDE_SECTION.test(section)) return SECTION_FACTOR.aside;
  if (USAGE_SECTION.test(section)) return SECTION_FACTOR.usage;
  return 1;
}

function isSentence(text: string): boolean {
  return text.split(/\s+/).length >= 5;
}

/** All cue hits in one block of text. Longest match per concept at each position; shorter cues inside a longer one of the same concept do not count. */
export interface Match {
  cue: Cue;
  /** Context weight of the first word (asides and name lists count half). */
  context: number;
  /** Word positions [start, end); -1 for a CJK substring. */
  start: number;
  end: number;
}

const INNER_CAPITAL = /[a-z][A-Z]/;

/** What a cue inside a longer phrase that names another tag still counts. */
const COVERED_BY_NAME = 0.5;

export function matchBlock(vocab: CompiledVocabulary, tokens: Tokens): Match[] {
  const hits: Match[] = [];
  const coveredUntil = new Map<number, number>();
  const { words, raw, weight } = tokens;
  for (let i = 0; i < words.length; i++) {
    const candidates = words[i] === BREAK ? undefined : vocab.byFirst.get(words[i]);
    if (!candidates) continue;
    const best = new Map<number, Cue>();
    for (const cue of candidates) {
      const n = cue.words.length;
      if (i + n > words.length) continue;
      let ok = true;
      for (let k = 1; k < n && ok; k++) ok = words[i + k] === cue.words[k];
      if (ok && cue.exact) for (let k = 0; k < n && ok; k++) ok = raw[i + k] === cue.exact[k];
      // `ReAct` is not `React`: a word with inner capitals is a name of its own unless spelled as the cue's name.
      if (ok && cue.canon) for (let k = 0; k < n && ok; k++) ok = !INNER_CAPITAL.test(raw[i + k]) || raw[i + k].startsWith(cue.canon[k]);
      if (!ok) continue;
      const current = best.get(cue.concept);
      if (!current || current.words.length < n) best.set(cue.concept, cue);
    }
    for (const [concept, cue] of best) {
      const end = i + cue.words.length;
      if ((coveredUntil.get(concept) ?? 0) >= end) continue;
      coveredUntil.set(concept, end);
      if (cue.weight > 0 || cue.head) hits.push({ cue, context: weight[i], start: i, end });
    }
  }
  // "chrome extension" names the tag `chrome-extension`: the `chrome` inside it is a passing mention of `chrome`.
  const names = hits.filter((h) => h.cue.name);
  if (names.length) {
    for (const h of hits) {
      if (names.some((n) => n.cue.concept !== h.cue.concept && n.start <= h.start && n.end >= h.end && n.end - n.start > h.end - h.start)) h.context *= COVERED_BY_NAME;
    }
  }
  if (vocab.cjk.length && tokens.cjk.length) {
    const text = tokens.cjk.join(' ');
    for (const cue of vocab.cjk) {
      const n = countOccurrences(text, cue.cjk!);
      for (let k = 0; k < Math.min(n, 3); k++) hits.push({ cue, context: 1, start: -1, end: -1 });
    }
  }
  return hits;
}

function countOccurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

export function scoreConcepts(vocab: CompiledVocabulary, blocks: WeightedBlock[], structure: Structure): ConceptScore[] {
  const scores: ConceptScore[] = vocab.concepts.map(() => ({ score: 0, evidence: new Map() }));
  const app: { m: number; noun?: string; words?: Set<string> } = { m: 0 };
  const leadWords = new Set<string>();
  const bodyWords = new Set<string>();
  for (const block of blocks) {
    if (block.weight <= 0) continue;
    const tokens = tokenize(block.text);
    if (block.where === 'body' || block.where === 'heading') for (const w of tokens.words) bodyWords.add(w);
    const matches = matchBlock(vocab, tokens);
    if (!matches.length) continue;
    const def = DEFINING.has(block.where) ? definition(tokens) : undefined;
    if (DEFINING.has(block.where)) for (const w of tokens.words) leadWords.add(w);
    if (def && APP_NOUNS.has(tokens.words[def.head])) {
      app.m += block.weight;
      app.noun ??= tokens.raw[def.head].toLowerCase();
      app.words ??= new Set(tokens.words);
    }
    // The kinds of project the defining phrase's head noun names ("web application *framework*").
    const headKinds = new Set<number>();
    if (def) for (const h of matches) if (def.heads.includes(h.end - 1) && isProjectKind(vocab, h.cue.concept)) headKinds.add(h.cue.concept);
    // The first sentence of a lead block says what the project is; the ones after it add detail.
    const firstEnd = DEFINING.has(block.where) ? firstSentenceEnd(tokens) : Infinity;
    const hits = matches.map((h) => {
      const later = h.start > firstEnd ? LATER_SENTENCE : 1;
      const inDefinition = def !== undefined && h.start >= def.start && h.start < def.end;
      const atHead = inDefinition && def!.heads.includes(h.end - 1);
      const weight = atHead && h.cue.head !== undefined ? Math.max(h.cue.head, h.cue.weight) : h.cue.weight;
      // Another kind of project named before the head noun only modifies it: a framework *for* web applications is not one.
      const modifier = inDefinition && !atHead && headKinds.size > 0 && !headKinds.has(h.cue.concept) && isProjectKind(vocab, h.cue.concept);
      const kind = vocab.concepts[h.cue.concept].kind;
      const made = kind !== undefined && APP_KINDS.has(kind) && h.start >= 0 && afterMaking(tokens.words, h.start);
      const context = modifier ? h.context * MODIFIER : inDefinition ? h.context * DEFINITION_BOOST : h.context;
      return { cue: h.cue, weight, context: (made ? context * MADE : context) * later };
    });
    // Damp the 2nd, 3rd... different cue of one concept within the block.
    hits.sort((a, b) => b.weight * b.context - a.weight * a.context);
    const rank = new Map<number, Map<string, number>>();
    for (const { cue, weight, context } of hits) {
      if (weight <= 0) continue;
      let seen = rank.get(cue.concept);
      if (!seen) rank.set(cue.concept, (seen = new Map()));
      let k = seen.get(cue.phrase);
      if (k === undefined) {
        k = seen.size;
        seen.set(cue.phrase, k);
      }
      const m = (block.weight * context) / (1 + SAME_BLOCK_DAMPING * k);
      addEvidence(scores[cue.concept], cue.phrase, weight, m, block.where, weight * block.weight * context);
    }
  }
  const apps = app.noun ? appKinds(app.words!, leadWords, bodyWords, app.m, app.noun) : [];
  const learning = structure.kinds.learning ? learningTargets(vocab, scores) : undefined;
  vocab.concepts.forEach((concept, index) => {
    const kindSignal = concept.kind && concept.kind !== 'language' ? structure.kinds[concept.kind] : undefined;
    if (kindSignal && (concept.kind !== 'learning' || learning!.has(index)))
      addEvidence(scores[index], kindSignal.reason, STRUCTURE_WEIGHT, kindSignal.m, 'structure', STRUCTURE_WEIGHT * kindSignal.m);
    for (const app of apps) {
      if (concept.kind === app.kind || concept.kind === 'app') addEvidence(scores[index], app.reason, APP_WEIGHT, app.m, 'structure', APP_WEIGHT * app.m);
    }
    if (concept.fences) {
      const n = concept.fences.reduce((sum, f) => sum + (structure.fences.get(f) ?? 0), 0);
      if (n) addEvidence(scores[index], `${n} code example${n > 1 ? 's' : ''} in ${concept.fences[0]}`, FENCE_WEIGHT, Math.min(n, 6) * 0.3, 'code fences', FENCE_WEIGHT);
    }
  });
  for (const s of scores) {
    // A concept's weighted hits from one region are bounded (several different cues add up, but only so far)...
    const byRegion = new Map<Where, number>();
    for (const e of s.evidence.values()) for (const [where, wm] of e.wm) byRegion.set(where, (byRegion.get(where) ?? 0) + wm);
    const scale = new Map<Where, number>();
    for (const [where, wm] of byRegion) scale.set(where, wm > 0 ? saturate(wm, CONCEPT_REGION_CUES * STRONG_CUE * REGION_M[where]) / wm : 1);
    // ...and so are each cue family's, before the diminishing returns over all regions.
    let total = 0;
    for (const e of s.evidence.values()) {
      let m = 0;
      for (const [where, wm] of e.wm) m += saturate((wm * scale.get(where)!) / e.weight, REGION_M[where]);
      e.contribution = e.weight * Math.log1p(m);
      total += e.contribution;
    }
    s.score = CONCEPT_SATURATION * Math.log1p(total / CONCEPT_SATURATION);
  }
  return scores;
}

/**
 * What one region can add to a cue family's m, in mentions at the region's full position weight: a
 * soft ceiling of REGION_MENTIONS x its position weight. However often the body (0.35) or the headings
 * (0.5) repeat a cue, they give it at most `weight * ln(1 + 4 x 0.5)`, less than one plain mention in
 * the tagline (`weight * ln(1 + 3)`); noise sections (0.08) next to nothing.
 */
const REGION_MENTIONS = 4;

/** Nominal position weight of each region (PLACE; the first opening block's for the opening). */
const REGION_PLACE: Record<Where, number> = {
  description: PLACE.description,
  title: PLACE.title,
  tagline: PLACE.tagline,
  opening: PLACE.opening[0],
  heading: PLACE.heading,
  body: PLACE.body,
  aside: PLACE.noise,
  // Added once per concept with an m already clamped (structure.ts, the fence count below): bounded at the source.
  structure: Infinity,
  'code fences': Infinity,
};

/** The ceiling on one cue family's m from each region. */
const REGION_M = Object.fromEntries(Object.entries(REGION_PLACE).map(([where, place]) => [where, REGION_MENTIONS * place])) as Record<Where, number>;

/** A concept's weighted hits from one region: at most what this many decisive (weight 3) cues at their ceiling bring. */
const CONCEPT_REGION_CUES = 2;
const STRONG_CUE = 3;

/** `ceiling * tanh(x / ceiling)`: about x while x is well below the ceiling, never above it. */
function saturate(x: number, ceiling: number): number {
  return Number.isFinite(ceiling) ? ceiling * Math.tanh(x / ceiling) : x;
}

/** Diminishing returns on a concept's total, so a topic with many cue variants cannot run away from the kind of project. */
const CONCEPT_SATURATION = 6;

const STRUCTURE_WEIGHT = 2;
const APP_WEIGHT = 2.5;

/** Head nouns that make the project an application someone uses (rather than a library or tool to build with), and its platform words (knowledge/structure.json). */
const { appNouns: APP_NOUNS, appPlatforms: PLATFORM_WORDS } = STRUCTURE_PATTERNS;

const PLATFORM_LABEL: Partial<Record<ProjectKind, string>> = { cli: 'command line', 'mobile-app': 'mobile', 'desktop-app': 'desktop', 'web-app': 'web' };

interface AppSignal {
  kind: ProjectKind;
  m: number;
  reason: string;
}

function platforms(words: Set<string>): ProjectKind[] {
  return PLATFORM_WORDS.filter(([kind, set]) => [...set].some((w) => words.has(w)) || (kind === 'cli' && words.has('command') && words.has('line'))).map(([kind]) => kind);
}

/**
 * "An Android app", "a desktop application", "software for Windows and macOS": the platform comes from the
 * sentence that defines the project, else (at half strength, shared) from the rest of the prose. An "app" with no platform word is not assumed
 * to be a web app.
 */
function appKinds(ownWords: Set<string>, leadWords: Set<string>, bodyWords: Set<string>, m: number, noun: string): AppSignal[] {
  let kinds = platforms(ownWords);
  if (!kinds.length) {
    kinds = platforms(new Set([...leadWords, ...bodyWords]));
    m /= 2;
  }
  return kinds.map((kind) => ({ kind, m: m / kinds.length, reason: `an "${noun}" (${PLATFORM_LABEL[kind] ?? kind}) in the defining phrase` }));
}
const FENCE_WEIGHT = 1;

/**
 * A README that is a list of links is learning material of one sort: its shape says so, not which
 * sort. When the vocabulary holds several learning-kind topics (`awesome-list` and `tutorial`), the
 * signal goes only to the one the README's words already favour (an awesome list calls itself
 * awesome; study notes say notes): to every one tied at the top, so to all when the words favour none.
 */
function learningTargets(vocab: CompiledVocabulary, scores: readonly ConceptScore[]): Set<number> {
  let best = -1;
  let targets = new Set<number>();
  vocab.concepts.forEach((concept, index) => {
    if (concept.kind !== 'learning') return;
    let strength = 0;
    for (const e of scores[index].evidence.values()) strength += e.best;
    if (strength > best) {
      best = strength;
      targets = new Set([index]);
    } else if (strength === best) targets.add(index);
  });
  return targets;
}

function addEvidence(score: ConceptScore, phrase: string, weight: number, m: number, where: Where, strength: number): void {
  if (weight <= 0) return;
  const key = family(phrase);
  const e = score.evidence.get(key);
  if (!e) score.evidence.set(key, { phrase, weight, wm: new Map([[where, weight * m]]), where, best: strength });
  else {
    e.wm.set(where, (e.wm.get(where) ?? 0) + weight * m);
    e.weight = Math.max(e.weight, weight);
    if (strength > e.best) {
      e.best = strength;
      e.where = where;
      e.phrase = phrase;
    }
  }
}

/** Cues that are forms of one word share a family: `compile`/`compiler`/`compilation`, `parse`/`parser`/`parsing`. */
function family(phrase: string): string {
  const words = phrase.toLowerCase().split(/[\s-]+/);
  const last = words.pop() ?? '';
  const stem = last.length > 5 ? last.replace(/(?:ations?|ions?|ings?|ers?|ed|ments?|ies|es|e|s)$/, '') : last;
  return [...words, stem.length >= 3 ? stem : last].join(' ');
}

const WHERE_TEXT: Record<Where, string> = {
  description: 'in the repository description',
  title: 'in the title',
  tagline: 'in the tagline',
  opening: 'in the opening paragraphs',
  heading: 'in a heading',
  body: 'in the text',
  aside: 'in passing',
  structure: '',
  'code fences': '',
};

/** A short human reason: the strongest pieces of evidence. */
export function explain(score: ConceptScore, max = 2): string {
  return [...score.evidence.values()]
    .sort((a, b) => (b.contribution ?? 0) - (a.contribution ?? 0))
    .slice(0, max)
    .map((e) => (e.where === 'structure' || e.where === 'code fences' ? e.phrase : `"${e.phrase}" ${WHERE_TEXT[e.where]}`))
    .join('; ');
}

/**
 * A heading pattern from a list of phrases: whole words, case-insensitive, `*` for any ending of the
 * last word; `start`: the heading starts with the phrase, `anywhere`: it contains it.
 */
export function sectionPattern(phrases: readonly string[], where: 'start' | 'anywhere'): RegExp {
  if (!phrases.length || phrases.some((p) => typeof p !== 'string' || !/[a-z0-9]/i.test(p) || /\*./.test(p))) {
    throw new Error(`offline knowledge (src/classify/offline/knowledge/sections.json): a section phrase is empty or has a * before its end: ${JSON.stringify(phrases)}`);
  }
  const alternatives = phrases.map((p) => escapeRegExp(p.trim()).replace(/\\\*$/, '\\w*'));
  return new RegExp(`${where === 'start' ? '^' : '\\b'}(?:${alternatives.join('|')})\\b`, 'i');
}
