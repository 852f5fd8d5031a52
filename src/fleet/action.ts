/**
 * The action in fleet mode (the "repositories" input): the fleet pipeline,
 * its JSONL report in RUNNER_TEMP, the outputs and the job summary. Throws
 * (for main.ts to fail the step) when a repository failed, after everything
 * else was done and reported.
 */
import * as core from '@actions/core';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClassifier } from '../classify/index.ts';
import type { Logger } from '../classify/types.ts';
import { fleetClient } from '../github.ts';
import type { ActionConfig, FleetConfig } from '../inputs.ts';
import { inert } from '../log.ts';
import { setFleetOutputs } from '../outputs.ts';
import type { FleetClient } from './gate.ts';
import { renderSummary, reportLine } from './report.ts';
import { runFleet } from './run.ts';

/** `logger` is the action's one logger (main.ts), which passes every line through guardLine. */
export async function tagFleet(config: ActionConfig & { fleet: FleetConfig }, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { fleet } = config;
  for (const warning of config.vocabulary.warnings) logger.warning(warning);
  const classifier = createClassifier({ provider: config.provider, ...config.openai, logger, knowledge: config.knowledge });
  logger.info(
    `Fleet: ${fleet.patterns.patterns.length} pattern(s) over ${fleet.patterns.owners.map((o) => inert(o)).join(', ')}; topics ${config.topics}${config.dryRun ? ' (dry run)' : ''}; ` +
      `max-writes ${fleet.maxWrites || 'unlimited'}; forks ${fleet.includeForks ? 'included' : 'skipped'}; provider ${config.provider}${classifier.model ? ` (${inert(classifier.model)})` : ''}, because ${config.providerReason}.`,
  );
  const reportPath = join(env.RUNNER_TEMP || tmpdir(), `readme-tagger-fleet-${process.pid}.jsonl`);
  const out = createWriteStream(reportPath);
  let writeError: Error | undefined;
  out.on('error', (error) => (writeError ??= error));

  const result = await runFleet({
    client: fleetClient({ token: config.token, logger }) as unknown as FleetClient,
    patterns: fleet.patterns,
    vocabulary: config.vocabulary.tags,
    maxTags: config.maxTags,
    classifier,
    topics: config.topics,
    dryRun: config.dryRun,
    includeForks: fleet.includeForks,
    maxWrites: fleet.maxWrites,
    logger,
    onOutcome: (outcome) => out.write(`${reportLine(outcome)}\n`),
    onProgress: ({ done, counts, gate }) => {
      const left = gate.rateLimit.graphql ?? gate.rateLimit.rest;
      logger.info(
        `Progress: ${done} repositories (${counts.changed} changed, ${counts['would-change']} would change, ${counts.failed} failed); GitHub requests ${gate.reads} reads, ${gate.writes} writes${left ? `; rate limit left ${left.remaining}/${left.limit}` : ''}.`,
      );
    },
  });
  await new Promise<void>((resolve) => out.end(() => resolve()));
  if (writeError) throw new Error(`Could not write the fleet report ${reportPath}: ${inert(writeError)}. Check RUNNER_TEMP.`, { cause: writeError });

  const { report } = result;
  if (report.resultsTooLarge) logger.warning(`The "json" output would pass GitHub's 1 MB output limit, so it is empty: read the "report" output (${reportPath}) instead.`);
  setFleetOutputs({
    reportPath,
    counts: report.counts,
    changed: report.counts.changed > 0,
    results: report.resultsTooLarge ? undefined : report.results,
    provider: classifier.provider,
    model: classifier.model,
    usage: report.usage,
  });
  if (result.stopped) logger.warning(`The run stopped early: ${inert(result.stopped)}. ${report.counts.pending} repositories are pending; run again to continue.`);
  for (const e of result.errors) logger.warning(e);
  try {
    await core.summary
      .addRaw(
        renderSummary({
          report,
          topics: config.topics,
          dryRun: config.dryRun,
          provider: classifier.provider,
          model: classifier.model,
          requests: { reads: result.gate.reads, writes: result.gate.writes },
          waitedMs: result.gate.waitedMs,
          rateLimit: result.gate.rateLimit,
          stopped: result.stopped,
          errors: result.errors,
          unlisted: result.unlisted,
          reportPath,
          seconds: result.seconds,
        }),
      )
      .write();
  } catch (error) {
    logger.warning(`Could not write the job summary: ${inert(error)}`);
  }
  const c = report.counts;
  logger.info(
    `Fleet done: ${c.repositories} repositories: ${c.changed} changed, ${c['would-change']} would change, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.failed} failed, ${c.pending} pending.`,
  );
  if (result.stalled) {
    throw new Error(
      `The run stopped because GitHub stopped answering (${inert(result.stopped)}); ${c.pending} repositories are pending and nothing was written after that. ` +
        `Check that GITHUB_API_URL and GITHUB_GRAPHQL_URL are right and the server reachable, then run again to continue. See the "report" output (${reportPath}).`,
    );
  }
  if (c.failed || result.errors.length) {
    const first = report.failures[0];
    const detail = first ? ` First: ${inert(first.repository)}: ${inert(first.error ?? '', 500)}` : result.errors.length ? ` ${inert(result.errors[0], 500)}` : '';
    throw new Error(
      `${c.failed} of ${c.repositories} repositories failed${result.errors.length ? ` and ${result.errors.length} owner(s) could not be read` : ''}; the others were done. See the "report" output (${reportPath}).${detail}`,
    );
  }
}
