/**
 * Planning topic changes (pure). Nothing outside the vocabulary is ever
 * removed; `merge` removes nothing at all. Reading and writing topics is in
 * github.ts, so the CLI, which takes the modes from here, carries no client.
 */
import type { Tag } from './classify/types.ts';
import { MAX_TOPICS } from './tags.ts';

export const TOPIC_MODES = ['off', 'merge', 'sync'] as const;
export type TopicsMode = (typeof TOPIC_MODES)[number];

export interface TopicPlan {
  before: string[];
  after: string[];
  added: string[];
  removed: string[];
  /** Topics present before and after. */
  kept: string[];
  /** Chosen topics that did not fit under GitHub's limit of 20. */
  skipped: string[];
  changed: boolean;
}

export interface PlanInput {
  current: readonly string[];
  /** Chosen tags, best first. Tags that cannot be topics are ignored. */
  chosen: readonly Tag[];
  vocabulary: readonly Tag[];
  mode: Exclude<TopicsMode, 'off'>;
}

export function planTopics({ current, chosen, vocabulary, mode }: PlanInput): TopicPlan {
  // GitHub stores topics in lowercase; compare that way whatever an API returns.
  const before = unique(current.map((t) => t.toLowerCase()));
  const want = unique(chosen.map((t) => t.topic).filter((t): t is string => Boolean(t)));
  const vocabularyTopics = new Set(vocabulary.map((t) => t.topic).filter(Boolean));
  const removed = mode === 'sync' ? before.filter((t) => vocabularyTopics.has(t) && !want.includes(t)) : [];
  const remaining = before.filter((t) => !removed.includes(t));
  const candidates = want.filter((t) => !remaining.includes(t));
  const room = Math.max(0, MAX_TOPICS - remaining.length);
  const added = candidates.slice(0, room);
  const skipped = candidates.slice(room);
  const after = [...remaining, ...added];
  return {
    before,
    after,
    added,
    removed,
    kept: remaining,
    skipped,
    changed: added.length > 0 || removed.length > 0,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
