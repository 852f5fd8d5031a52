/**
 * The per-repository steps that the single-repository run (main.ts) and the
 * fleet run (fleet/run.ts) share, so their rules live in one place: whether
 * a README has anything to classify, what to do with the topics once the
 * tags are chosen (leave them alone, nothing to write, a dry run, a write),
 * and the write itself through a passed-in function.
 *
 * Never written: topics after an empty classification (no tags chosen), or
 * when none of the chosen tags can be a GitHub topic (even in sync mode:
 * nothing chosen is never a reason to remove); a dry run writes nothing.
 * Adding stops at GitHub's limit of 20 topics (planTopics). A failed
 * classification never reaches here: it throws (the action's step fails)
 * or becomes a `failed` outcome (fleet).
 */
import type { Tag } from './classify/types.ts';
import type { ReadmeDoc } from './readme.ts';
import { planTopics, type TopicPlan, type TopicsMode } from './topics.ts';

export const NO_TAGS_NOTE = 'No tags were chosen, so the topics were left exactly as they were.';
export const UNTOPICABLE_NOTE = 'None of the chosen tags can be a GitHub topic, so the topics were left exactly as they were.';

/** A README (parsed once, by parseReadme) with no words outside code blocks has nothing to classify. */
export function hasText(doc: ReadmeDoc): boolean {
  return doc.blocks.some((b) => b.kind !== 'code' && /[\p{L}\p{N}]/u.test(b.text));
}

export interface TopicsInput {
  /** The chosen tags (vocabulary names), best first. */
  tags: readonly string[];
  /** The repository's topics as read. */
  current: readonly string[];
  vocabulary: readonly Tag[];
  mode: Exclude<TopicsMode, 'off'>;
  dryRun: boolean;
}

/**
 * What to do with the topics:
 * - `leave`: nothing to plan (no tags, or none can be a topic); `note` says why;
 * - `unchanged`: the topics already match;
 * - `would-change`: a dry run with a change;
 * - `write`: `plan.after` is to be written.
 */
export type TopicsDecision = { action: 'leave'; why: 'no-tags' | 'untopicable'; note: string } | { action: 'unchanged' | 'would-change' | 'write'; plan: TopicPlan };

export function decideTopics({ tags, current, vocabulary, mode, dryRun }: TopicsInput): TopicsDecision {
  if (!tags.length) return { action: 'leave', why: 'no-tags', note: NO_TAGS_NOTE };
  const byName = new Map(vocabulary.map((t) => [t.name, t]));
  const chosen = tags.map((name) => byName.get(name)).filter((t): t is Tag => Boolean(t));
  if (!chosen.some((t) => t.topic)) return { action: 'leave', why: 'untopicable', note: UNTOPICABLE_NOTE };
  const plan = planTopics({ current, chosen, vocabulary, mode });
  if (!plan.changed) return { action: 'unchanged', plan };
  return { action: dryRun ? 'would-change' : 'write', plan };
}

export interface TopicsOutcome {
  status: 'left' | 'unchanged' | 'would-change' | 'changed';
  /** Why the topics were left alone (`left`). */
  note?: string;
  plan?: TopicPlan;
  /** The topics after this step: as read, unless written (then as the write returned them). */
  after: string[];
}

/**
 * Carries out a decision: `write(names)` is called only for `write`, once,
 * and returns the topics as stored. Its errors propagate (the caller says
 * what to do about them).
 */
export async function applyTopics(decision: TopicsDecision, current: readonly string[], write: (names: string[]) => Promise<string[]>): Promise<TopicsOutcome> {
  switch (decision.action) {
    case 'leave':
      return { status: 'left', note: decision.note, after: [...current] };
    case 'unchanged':
    case 'would-change':
      return { status: decision.action, plan: decision.plan, after: [...current] };
    case 'write':
      return { status: 'changed', plan: decision.plan, after: await write(decision.plan.after) };
  }
}
