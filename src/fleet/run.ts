/**
 * The per-repository pipeline over a fleet: the same steps as one repository
 * (README, classify, then pipeline.ts's decideTopics and applyTopics, report),
 * page by page so memory stays flat however large the fleet.
 *
 * Never written: archived, disabled or locked repositories; forks unless
 * asked; repositories the token may not change (from the permission the API
 * reports, before any write is tried); repositories whose classification
 * failed or came back empty, or whose chosen tags cannot be topics (the
 * topic rules are pipeline.ts's, shared with the single-repository run).
 * A dry run writes nothing. Writes are serial, only where the topics change,
 * after a fresh read of the topics of the batch about to be written. Past
 * `maxWrites` the rest is `pending`, and a stop (a wait that would outlast
 * the run, a token that expired) leaves every repository not yet done
 * `pending`: re-running is the resume.
 */
import type { Classifier, Logger, Tag } from '../classify/types.ts';
import { inert, inertList } from '../log.ts';
import { applyTopics, decideTopics, hasText } from '../pipeline.ts';
import { parseReadme } from '../readme.ts';
import type { TopicsMode } from '../topics.ts';
import { GitHubGate, StopRun, statusOf, type FleetClient, type GateOptions } from './gate.ts';
import { listOwner, repoReadme, readTopics, type ListContext, type ListedItem, type ListedRepo } from './list.ts';
import type { FleetPatterns } from './patterns.ts';
import { FleetReport, type RepoOutcome } from './report.ts';

/** Permissions that may change a repository's topics. */
export const WRITE_PERMISSIONS = ['ADMIN', 'MAINTAIN'];
/** Classifications in flight at once (as `batch`). */
export const DEFAULT_CONCURRENCY = 4;
/** Topics are re-read for this many repositories at a time (a page's worth: one request a page), right before they are written. */
export const REREAD_BATCH = 25;
/** The default limit on topic writes per run. */
export const DEFAULT_MAX_WRITES = 100;
/** A run plans to end within this time (an installation token lives one hour). */
export const RUN_BUDGET_MS = 50 * 60_000;

export interface FleetOptions {
  /** The GitHub client (github.ts fleetClient): it knows the REST and GraphQL URLs (GITHUB_API_URL, GITHUB_GRAPHQL_URL or derived). */
  client: FleetClient;
  /** Only for a client that does not know its GraphQL URL (a test's plain Octokit). */
  graphqlUrl?: string;
  patterns: FleetPatterns;
  vocabulary: Tag[];
  maxTags: number;
  classifier: Classifier;
  topics: TopicsMode;
  dryRun: boolean;
  includeForks: boolean;
  /** At most this many topic writes; 0: no limit. */
  maxWrites: number;
  concurrency?: number;
  logger: Logger;
  /** Each repository's outcome, in listing order, as soon as its page is done (the JSONL report). */
  onOutcome?: (outcome: RepoOutcome) => void;
  /** After each page. */
  onProgress?: (progress: { done: number; counts: FleetReport['counts']; gate: GitHubGate }) => void;
  /** Gate settings; `deadline` defaults to now + RUN_BUDGET_MS. */
  gate?: Partial<GateOptions>;
  pageSize?: number;
}

export interface FleetResult {
  report: FleetReport;
  gate: GitHubGate;
  /** Why the run stopped early. */
  stopped?: string;
  /** The stop was GitHub no longer answering: the step (exit status) fails, with the rest pending. */
  stalled: boolean;
  /** Owners or named entries that could not be read at all (the step fails). */
  errors: string[];
  /** Owners whose listing the stop cut short: their repositories not yet listed are in no report line. */
  unlisted: string[];
  seconds: number;
}

interface Work {
  repo: ListedRepo;
  outcome?: RepoOutcome;
  /** Planned topics waiting for a write. */
  planned?: { tags: string[] };
}

export async function runFleet(options: FleetOptions): Promise<FleetResult> {
  const started = performance.now();
  const { logger } = options;
  const gate = new GitHubGate({ deadline: Date.now() + RUN_BUDGET_MS, ...options.gate, onWait: (ms, why) => logger.info(`Waiting ${(ms / 1000).toFixed(1)} s: ${why}.`) });
  const ctx: ListContext = { client: options.client, gate, graphqlUrl: options.graphqlUrl, pageSize: options.pageSize };
  const report = new FleetReport();
  const errors: string[] = [];
  const unlisted: string[] = [];
  let stopped: string | undefined;
  let stalled = false;
  const stop = (error: StopRun) => {
    stopped = error.message;
    stalled = error.stalled;
  };
  let writesUsed = 0;
  let done = 0;

  const emit = (outcome: RepoOutcome) => {
    report.add(outcome);
    done++;
    options.onOutcome?.(outcome);
    const change = outcome.added.length || outcome.removed.length ? ` +[${outcome.added.join(', ')}] -[${outcome.removed.join(', ')}]` : '';
    const why = outcome.reason ? `: ${outcome.reason}` : outcome.error ? `: ${outcome.error}` : '';
    logger.info(`${inert(outcome.repository)}: ${outcome.status}${inert(change)}${why ? inert(why, 400) : ''}`);
  };

  const base = (repo: ListedRepo): Omit<RepoOutcome, 'status'> => ({
    repository: repo.nameWithOwner,
    tags: [],
    before: repo.topics,
    after: repo.topics,
    added: [],
    removed: [],
  });

  /** The never-write rules that need no README. */
  const skipReason = (repo: ListedRepo): string | undefined => {
    if (repo.isArchived) return 'archived';
    if (repo.isDisabled) return 'disabled';
    if (repo.isLocked) return 'locked';
    if (repo.isFork && !options.includeForks) return 'fork';
    if (repo.isEmpty) return 'empty repository';
    if (options.topics !== 'off' && !WRITE_PERMISSIONS.includes(repo.viewerPermission ?? '')) {
      return `no permission to change topics (${repo.viewerPermission ?? 'NONE'}; needs ADMIN or MAINTAIN)`;
    }
    return undefined;
  };

  /** README, classification and plan for one repository; sets `work.outcome` or `work.planned`. */
  const prepare = async (work: Work) => {
    const { repo } = work;
    let text: string;
    try {
      const readme = await repoReadme(ctx, repo);
      if (!readme) {
        work.outcome = { ...base(repo), status: 'skipped', reason: 'no README' };
        return;
      }
      text = readme.text;
    } catch (error) {
      if (error instanceof StopRun) throw error;
      work.outcome = { ...base(repo), status: 'failed', error: inert(error, 500) };
      return;
    }
    const doc = parseReadme(text);
    if (!hasText(doc)) {
      work.outcome = { ...base(repo), status: 'skipped', reason: 'README has no text' };
      return;
    }
    let tags: string[];
    try {
      const classification = await options.classifier.classify({
        readme: text,
        doc,
        vocabulary: options.vocabulary,
        maxTags: options.maxTags,
        description: repo.description?.trim() || undefined,
        language: repo.language ?? undefined,
        repository: repo.nameWithOwner,
      });
      report.addUsage(classification.usage);
      for (const w of classification.warnings) logger.warning(`${inert(repo.nameWithOwner)}: ${inert(w, 500)}`);
      tags = classification.tags.map((t) => t.name);
    } catch (error) {
      work.outcome = { ...base(repo), status: 'failed', error: `classification failed: ${inert(error, 500)}` };
      return;
    }
    if (!tags.length) {
      work.outcome = { ...base(repo), status: 'skipped', reason: 'no tags chosen', tags, classified: true };
      return;
    }
    if (options.topics === 'off') {
      work.outcome = { ...base(repo), status: 'unchanged', tags, classified: true };
      return;
    }
    const decision = decideTopics({ tags, current: repo.topics, vocabulary: options.vocabulary, mode: options.topics, dryRun: options.dryRun });
    if (decision.action === 'leave') {
      work.outcome = { ...base(repo), status: 'unchanged', tags, classified: true };
      return;
    }
    const { plan } = decision;
    const planned = { ...base(repo), tags, classified: true, before: plan.before, after: plan.after, added: plan.added, removed: plan.removed };
    if (plan.skipped.length) logger.warning(`${inert(repo.nameWithOwner)} would have more than 20 topics; not added: ${inertList(plan.skipped)}.`);
    if (decision.action === 'unchanged') work.outcome = { ...planned, status: 'unchanged', after: plan.before, added: [], removed: [] };
    else if (decision.action === 'would-change') work.outcome = { ...planned, status: 'would-change' };
    else work.planned = { tags };
  };

  /** max-writes, in listing order: past it, a repository that would change is pending. */
  const admit = (works: Work[]): Work[] =>
    works.filter((work) => {
      if (!work.planned || work.outcome) return false;
      if (options.maxWrites > 0 && writesUsed >= options.maxWrites) {
        work.outcome = { ...base(work.repo), tags: work.planned.tags, classified: true, status: 'pending', reason: `max-writes (${options.maxWrites}) reached; run again to continue` };
        return false;
      }
      writesUsed++;
      return true;
    });

  /** Serial writes for the planned repositories of a page, each batch re-read first. */
  const write = async (works: Work[]) => {
    for (let i = 0; i < works.length; i += REREAD_BATCH) {
      const batch = works.slice(i, i + REREAD_BATCH);
      let fresh: Map<string, string[] | null>;
      try {
        fresh = await readTopics(
          ctx,
          batch.map((w) => w.repo),
        );
      } catch (error) {
        if (error instanceof StopRun) throw error;
        for (const work of batch) {
          work.outcome = {
            ...base(work.repo),
            tags: work.planned!.tags,
            classified: true,
            status: 'failed',
            error: `could not re-read the topics before writing: ${inert(error, 300)}. The topics were left as they were.`,
          };
        }
        continue;
      }
      for (const work of batch) {
        const { repo } = work;
        const { tags } = work.planned!;
        const current = fresh.get(repo.nameWithOwner.toLowerCase());
        if (!current) {
          work.outcome = { ...base(repo), tags, classified: true, status: 'failed', error: `${repo.nameWithOwner} could not be read again before writing; its topics were left as they were.` };
          continue;
        }
        const decision = decideTopics({ tags, current, vocabulary: options.vocabulary, mode: options.topics as 'merge' | 'sync', dryRun: false });
        if (decision.action !== 'write') {
          writesUsed--;
          const before = decision.action === 'leave' ? current : decision.plan.before;
          work.outcome = { ...base(repo), tags, classified: true, before, after: before, status: 'unchanged' };
          continue;
        }
        const { plan } = decision;
        const outcome = { ...base(repo), tags, classified: true, before: plan.before, after: plan.before, added: [] as string[], removed: [] as string[] };
        try {
          const applied = await applyTopics(decision, current, async (names) => {
            const response = await gate.run('write', (request) => options.client.request('PUT /repos/{owner}/{repo}/topics', { owner: repo.owner, repo: repo.name, names, request }));
            return (response.data as { names?: string[] })?.names ?? names;
          });
          work.outcome = { ...outcome, status: 'changed', after: applied.after, added: plan.added, removed: plan.removed };
        } catch (error) {
          if (error instanceof StopRun) throw error;
          work.outcome = { ...outcome, status: 'failed', error: writeError(repo.nameWithOwner, error) };
        }
      }
    }
  };

  const processPage = async (items: ListedItem[]) => {
    const works: Work[] = [];
    const ordered: Array<Work | RepoOutcome> = [];
    for (const item of items) {
      if ('missing' in item) {
        ordered.push({ repository: item.missing, status: 'failed', tags: [], before: [], after: [], added: [], removed: [], error: item.error });
        continue;
      }
      const work: Work = { repo: item.repo };
      const reason = skipReason(item.repo);
      if (reason) work.outcome = { ...base(item.repo), status: 'skipped', reason };
      else works.push(work);
      ordered.push(work);
    }
    try {
      await mapLimit(works, options.concurrency ?? DEFAULT_CONCURRENCY, prepare);
      await write(admit(works));
    } catch (error) {
      if (!(error instanceof StopRun)) throw error;
      stop(error);
    } finally {
      for (const entry of ordered) {
        if (!('repo' in entry)) emit(entry);
        else emit(entry.outcome ?? { ...base(entry.repo), tags: entry.planned?.tags ?? [], status: 'pending', reason: `the run stopped: ${stopped ?? 'an error'}` });
      }
      options.onProgress?.({ done, counts: report.counts, gate });
    }
  };

  for (const owner of options.patterns.owners) {
    if (stopped) {
      unlisted.push(owner);
      continue;
    }
    let finished = false;
    try {
      for await (const items of listOwner(ctx, options.patterns, owner)) {
        await processPage(items);
        if (stopped) break;
      }
      finished = !stopped;
    } catch (error) {
      if (error instanceof StopRun) stop(error);
      else errors.push(inert(error, 1000));
    }
    if (stopped && !finished) unlisted.push(owner);
  }
  return { report, gate, stopped, stalled, errors, unlisted, seconds: (performance.now() - started) / 1000 };
}

function writeError(name: string, error: unknown): string {
  const status = statusOf(error);
  const message = inert(error, 300);
  if (status === 403 || status === 404) {
    return `GitHub refused to change the topics of ${inert(name)} (HTTP ${status}): the token needs the "Administration: write" permission on it. The topics were left as they were.`;
  }
  if (status === 422) return `GitHub rejected the topics of ${inert(name)} (HTTP 422: ${message}). The topics were left as they were.`;
  return `Could not write the topics of ${inert(name)}: ${message}. The topics were left as they were.`;
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure;
}
