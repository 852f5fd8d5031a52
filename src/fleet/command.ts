/**
 * `readme-tagger repos PATTERN...`: the fleet from the command line. The
 * report goes to a file or standard output, progress to standard error (a
 * line per page with the counts and the rate-limit headroom). Returns the
 * exit status: 1 when a repository failed, an owner could not be read or
 * GitHub stopped answering; 0 when a rate limit or an expired token stopped
 * the run (the rest is `pending`: run again to continue).
 */
import type { Logger } from '../classify/types.ts';
import { inert } from '../log.ts';
import { reportLine } from './report.ts';
import { runFleet, type FleetOptions } from './run.ts';

/** The fleet's settings as runFleet takes them, with where the report and the progress go. */
export interface ReposCommand extends Pick<FleetOptions, 'client' | 'patterns' | 'vocabulary' | 'maxTags' | 'classifier' | 'topics' | 'dryRun' | 'includeForks' | 'maxWrites'> {
  concurrency: number;
  /** Where report lines go (a file, or standard output). */
  out: NodeJS.WritableStream;
  /** Progress and warnings (standard error). */
  logger: Logger;
}

export async function reposCommand(cmd: ReposCommand): Promise<number> {
  const { logger } = cmd;
  const started = performance.now();
  logger.info(
    `repos: ${cmd.patterns.owners.map((o) => inert(o)).join(', ')}; topics ${cmd.topics}${cmd.dryRun ? ' (dry run)' : ''}; max-writes ${cmd.maxWrites || 'unlimited'}; ` +
      `provider ${cmd.classifier.provider}${cmd.classifier.model ? ` (${inert(cmd.classifier.model)})` : ''}, concurrency ${cmd.concurrency}.`,
  );
  // Per-repository lines would drown the progress: only warnings and the progress lines go to stderr.
  const quiet: Logger = { info: () => {}, warning: (m) => logger.warning(m), debug: () => {} };
  let outputError: Error | undefined;
  cmd.out.on('error', (error: Error) => (outputError ??= error));
  const result = await runFleet({
    client: cmd.client,
    patterns: cmd.patterns,
    vocabulary: cmd.vocabulary,
    maxTags: cmd.maxTags,
    classifier: cmd.classifier,
    topics: cmd.topics,
    dryRun: cmd.dryRun,
    includeForks: cmd.includeForks,
    maxWrites: cmd.maxWrites,
    concurrency: cmd.concurrency,
    logger: { ...quiet, info: (m) => (/^Waiting /.test(m) ? logger.info(m) : undefined) },
    onOutcome: (outcome) => {
      if (!outputError) cmd.out.write(`${reportLine(outcome)}\n`);
    },
    onProgress: ({ done, counts, gate }) => {
      const rate = done / Math.max((performance.now() - started) / 1000, 1e-3);
      const rest = gate.rateLimit.rest ? ` REST ${gate.rateLimit.rest.remaining}/${gate.rateLimit.rest.limit}` : '';
      const gql = gate.rateLimit.graphql ? ` GraphQL ${gate.rateLimit.graphql.remaining}/${gate.rateLimit.graphql.limit}` : '';
      logger.info(
        `${done} repositories: ${counts.changed} changed, ${counts['would-change']} would change, ${counts.unchanged} unchanged, ${counts.skipped} skipped, ` +
          `${counts.failed} failed, ${counts.pending} pending; ${rate.toFixed(1)}/s; GitHub ${gate.reads} reads ${gate.writes} writes;${rest || gql ? ` rate limit left${rest}${gql}` : ''}`,
      );
    },
  });
  for (const e of result.errors) logger.warning(e);
  if (result.stopped) logger.warning(`the run stopped early: ${inert(result.stopped)}; ${result.report.counts.pending} pending. Run again to continue.`);
  if (outputError) {
    logger.warning(`writing the report failed: ${inert(outputError.message)}`);
    return 1;
  }
  const c = result.report.counts;
  const u = result.report.usage;
  logger.info(
    `done: ${c.repositories} repositories in ${result.seconds.toFixed(1)} s: ${c.changed} changed, ${c['would-change']} would change, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.failed} failed, ${c.pending} pending; ` +
      `GitHub requests ${result.gate.reads} reads, ${result.gate.writes} writes${result.gate.waitedMs ? `, ${(result.gate.waitedMs / 1000).toFixed(1)} s waited on rate limits` : ''}` +
      `${u.totalTokens ? `; tokens: ${u.promptTokens} prompt + ${u.completionTokens} completion = ${u.totalTokens}` : ''}.`,
  );
  if (result.stalled) logger.warning('GitHub stopped answering: check GITHUB_API_URL and GITHUB_GRAPHQL_URL, then run again to continue.');
  return c.failed || result.errors.length || result.stalled ? 1 : 0;
}
