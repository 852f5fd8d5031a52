/**
 * Planning (pure) and applying topic changes. Nothing outside the vocabulary
 * is ever removed; `merge` removes nothing at all.
 */
import type { Tag } from './classify/types.ts';
import { httpStatus, type GitHubClient, type RepoRef } from './github.ts';
import { MAX_TOPICS } from './tags.ts';
import { inert } from './log.ts';

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

export async function getTopics(client: GitHubClient, ref: RepoRef): Promise<string[]> {
  try {
    const { data } = await client.rest.repos.getAllTopics({ owner: ref.owner, repo: ref.repo, per_page: 100 });
    return data.names ?? [];
  } catch (error) {
    const status = httpStatus(error);
    const hint =
      status === 404
        ? ` The repository was not found, or the token in "github-token" cannot see it.`
        : status === 401
          ? ` The token in "github-token" was rejected.`
          : '';
    throw new Error(`Could not read the topics of ${ref.owner}/${ref.repo}: ${inert(error)}.${hint}`, { cause: error });
  }
}

export async function putTopics(client: GitHubClient, ref: RepoRef, names: string[]): Promise<string[]> {
  try {
    const { data } = await client.rest.repos.replaceAllTopics({ owner: ref.owner, repo: ref.repo, names });
    return data.names ?? names;
  } catch (error) {
    const status = httpStatus(error);
    const message = inert(error);
    if (status === 403 && /rate limit/i.test(message)) {
      throw new Error(`GitHub's rate limit stopped the topics update of ${ref.owner}/${ref.repo}: ${message}. Run again later. The topics were left as they were.`, { cause: error });
    }
    if (status === 403 || status === 404) {
      throw new Error(
        `GitHub refused to change the topics of ${ref.owner}/${ref.repo} (HTTP ${status}). The workflow's GITHUB_TOKEN cannot change topics: ` +
          `pass a token with the "Administration: write" repository permission (a fine-grained personal access token or a GitHub App installation token) as "github-token". ` +
          `The topics were left as they were.`,
        { cause: error },
      );
    }
    throw new Error(`Could not write the topics of ${ref.owner}/${ref.repo}: ${inert(error)}. The topics were left as they were.`, { cause: error });
  }
}
