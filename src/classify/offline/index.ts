/**
 * The built-in offline classifier: no key, no network, no model files.
 * Deterministic: the same README and vocabulary always give the same tags.
 *
 * 1. Take the README as parsed once by the pipeline (request.doc; parsed here
 *    when absent) and weigh each block by where it is.
 * 2. Compile the vocabulary against the built-in knowledge (once per
 *    vocabulary) and scan every block for every tag's cues at once.
 * 3. Add what the README's structure says about the kind of project.
 * 4. Keep the tags that reach both an absolute floor and a share of the best
 *    score, best first; the shared filter (parse.ts) has the last word.
 */
import { parseReadme } from '../../readme.ts';
import { selectTags } from '../parse.ts';
import type { Classification, Classifier, ClassifyRequest, TagChoice } from '../types.ts';
import { explain, scoreConcepts, weighBlocks, type ConceptScore } from './score.ts';
import { applyLanguage, applyVocabularyProfile, resolveAlternatives } from './signals.ts';
import { projectNames, readStructure } from './structure.ts';
import { BUILT_IN_KNOWLEDGE, type KnowledgeBase } from './knowledge.ts';
import { compileVocabulary, type CompiledTag } from './vocabulary.ts';

export const OFFLINE_MODEL = 'offline-1';

/** How sure the classifier must be. */
export const THRESHOLDS = {
  /** A tag must score at least this (about one strong cue in the opening paragraphs). */
  floor: 2,
  /** ...and at least this share of the best tag's score... */
  relative: 0.4,
  /** ...and, for a third tag or more, this share. */
  relativeThird: 0.5,
};

/** A README this much like a list of links is a curated list (structure.ts): its body describes other projects. */
const LIST_LIKE = 4;

/** What a displaced tag keeps of its score (knowledge.ts `displaces`). */
const DISPLACED = 0.4;

export interface OfflineOptions {
  /** The knowledge to use: the built-in one by default, or it with a user's knowledge-file (loadKnowledgeFile). */
  knowledge?: KnowledgeBase;
}

export function createOfflineClassifier(options: OfflineOptions = {}): Classifier {
  const knowledge = options.knowledge ?? BUILT_IN_KNOWLEDGE;
  return {
    provider: 'offline',
    model: OFFLINE_MODEL,
    async classify(request: ClassifyRequest): Promise<Classification> {
      request.signal?.throwIfAborted();
      return classifyOffline(request, knowledge);
    },
  };
}

export interface ScoredTag {
  name: string;
  score: number;
  reason: string;
}

/** Every vocabulary tag with a positive score, best first (for explanations and tuning). */
export function scoreTags(request: Pick<ClassifyRequest, 'readme' | 'doc' | 'vocabulary' | 'description' | 'repository' | 'language'>, knowledge: KnowledgeBase = BUILT_IN_KNOWLEDGE): ScoredTag[] {
  // The README as parsed once by the pipeline (at most MAX_PARSED_CHARS of it: the rest cannot change what the project is).
  const doc = request.doc ?? parseReadme(request.readme);
  const readme = doc.source;
  if (!readme.trim() && !request.description?.trim()) return [];
  const vocab = compileVocabulary(request.vocabulary, knowledge);
  const structure = readStructure(readme, doc, projectNames(doc.title, request.repository));
  const listLike = (structure.kinds.learning?.m ?? 0) >= LIST_LIKE;
  const blocks = weighBlocks(doc, request.description, listLike);
  const named = repositoryBlock(request.repository, doc.title);
  if (named) blocks.unshift(named);
  const concepts = scoreConcepts(vocab, blocks, structure);
  const scored = vocab.tags.map((t, index) => ({ index, name: t.tag.name, score: tagScore(t, concepts), reason: explainTag(t, concepts) }));
  // What a topic usually comes as: an ORM is at least half a library.
  for (const source of scored) {
    for (const { tag, share } of vocab.tags[source.index].implies ?? []) {
      const target = scored[tag];
      if (share * source.score > target.score) {
        target.score = share * source.score;
        target.reason = `${source.name} is usually a ${target.name}`;
      }
    }
  }
  // An LMS speaks of courses without being a course: the displaced tag keeps a share, unless the README's shape supports it.
  for (const source of scored) {
    for (const tag of vocab.tags[source.index].displaces ?? []) {
      const target = scored[tag];
      const kind = vocab.concepts[vocab.tags[tag].concept].kind;
      if (kind && structure.kinds[kind]) continue;
      if (source.score >= target.score && target.score > 0) {
        target.score *= DISPLACED;
        target.reason += `; mostly explained by ${source.name}`;
      }
    }
  }
  applyLanguage(scored, vocab, request.language);
  applyVocabularyProfile(scored, vocab);
  resolveAlternatives(scored, vocab, concepts);
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ name, score, reason }) => ({ name, score, reason }));
}

/** The repository's name says what it is (`docker-alpine-bash`, `awesome-chrome-devtools`): its words, when the title does not already say them. */
const REPOSITORY_NAME_WEIGHT = 0.8;

function repositoryBlock(repository: string | undefined, title: string): { text: string; weight: number; where: 'title' } | undefined {
  const name = repository?.split('/').pop()?.trim();
  if (!name) return undefined;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[-_.\s]+/)
    .filter(Boolean);
  const text = words.join(' ');
  if (
    !text ||
    title
      .toLowerCase()
      .replace(/[-_\s]+/g, ' ')
      .includes(text.toLowerCase())
  )
    return undefined;
  return { text, weight: REPOSITORY_NAME_WEIGHT, where: 'title' };
}

function tagScore(t: CompiledTag, concepts: ConceptScore[]): number {
  const own = concepts[t.concept].score;
  if (!t.parts) return own;
  // A composite name (`python-library`) needs every part: the geometric mean of the parts.
  const partScores = t.parts.map((p) => concepts[p].score);
  const composite = partScores.some((s) => s <= 0) ? 0 : Math.exp(partScores.reduce((sum, s) => sum + Math.log(s), 0) / partScores.length);
  return Math.max(own, composite);
}

function explainTag(t: CompiledTag, concepts: ConceptScore[]): string {
  const own = concepts[t.concept];
  if (!t.parts || own.score >= tagScore(t, concepts)) return explain(own);
  return t.parts.map((p) => explain(concepts[p], 1)).join('; ');
}

export function classifyOffline(request: ClassifyRequest, knowledge: KnowledgeBase = BUILT_IN_KNOWLEDGE): Classification {
  const scored = scoreTags(request, knowledge);
  const warnings: string[] = [];
  if (!scored.length) return { tags: [], provider: 'offline', model: OFFLINE_MODEL, warnings };
  const best = scored[0].score;
  const chosen: TagChoice[] = scored
    .filter((s, rank) => s.score >= Math.max(THRESHOLDS.floor, (rank >= 2 ? THRESHOLDS.relativeThird : THRESHOLDS.relative) * best))
    .map((s) => ({ name: s.name, score: Math.round((s.score / best) * 100) / 100, reason: s.reason }));
  const { tags } = selectTags(chosen, request.vocabulary, request.maxTags);
  return { tags, provider: 'offline', model: OFFLINE_MODEL, warnings };
}
