/**
 * The one screen that orders the steps, and the only core.setFailed.
 */
import * as core from '@actions/core';
import { createClassifier } from './classify/index.ts';
import type { Classification, Logger } from './classify/types.ts';
import { createGitHubClient, fetchDescription, fetchReadme, type GitHubClient } from './github.ts';
import { readInputs, type ActionConfig } from './inputs.ts';
import { parseReadme } from './readme.ts';
import { findWorkspaceReadme, readReadmeFile, type LoadedReadme } from './readme-load.ts';
import { setOutputs, writeSummary, type RunResult } from './outputs.ts';
import { getTopics, planTopics, putTopics } from './topics.ts';
import { relative } from 'node:path';
import { tagFleet } from './fleet/action.ts';

const actionsLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m),
};

export async function run(): Promise<void> {
  try {
    const config = await readInputs();
    if (config.fleet) await tagFleet({ ...config, fleet: config.fleet });
    else await tag(config);
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

async function tag(config: ActionConfig): Promise<void> {
  const { repository: ref } = config;
  const repoName = `${ref.owner}/${ref.repo}`;
  for (const warning of config.vocabulary.warnings) core.warning(warning);
  core.info(`Vocabulary: ${config.vocabulary.tags.length} tags from ${config.vocabularySource}; at most ${config.maxTags} per README.`);

  let client: GitHubClient | undefined;
  const github = () => {
    if (!config.token) {
      throw new Error(`Input "github-token" is empty, but the GitHub API is needed to read ${repoName}'s README or topics. Pass a token (the default \${{ github.token }} can read), or check out the repository and set "readme-path".`);
    }
    return (client ??= createGitHubClient(config.token));
  };

  const readme = await loadReadme(config, github);
  core.info(`README: ${readme.source}${readme.truncated ? ' (long: only its first 512 KiB were read)' : ''}.`);

  const classifier = createClassifier({ provider: config.provider, ...config.openai, logger: actionsLogger });
  core.info(`Provider: ${config.provider}${classifier.model ? ` (${classifier.model})` : ''}, because ${config.providerReason}.`);

  let classification: Classification;
  if (!hasText(readme.text)) {
    core.warning(`The README (${readme.source}) has no text to classify, so no tags were chosen and topics were left alone.`);
    classification = { tags: [], provider: classifier.provider, model: classifier.model, warnings: [] };
  } else {
    const description = config.token ? await fetchDescription(github(), ref) : undefined;
    if (description) core.debug(`Repository description: ${description}`);
    classification = await classifier.classify({
      readme: readme.text,
      vocabulary: config.vocabulary.tags,
      maxTags: config.maxTags,
      description,
      repository: repoName,
    });
  }
  for (const warning of classification.warnings) core.warning(warning);
  const names = classification.tags.map((t) => t.name);
  core.info(names.length ? `Tags: ${names.join(', ')}` : 'Tags: none (no tag had enough evidence).');

  const result: RunResult = {
    id: config.id,
    classification,
    vocabulary: config.vocabulary.tags,
    readmeSource: readme.source,
    topicsMode: config.topics,
    changed: false,
    dryRun: config.dryRun,
  };

  if (config.topics !== 'off') {
    const current = await getTopics(github(), ref);
    result.topicsAfter = current;
    const byName = new Map(config.vocabulary.tags.map((t) => [t.name, t]));
    const chosen = classification.tags.map((t) => byName.get(t.name)!).filter(Boolean);
    if (!chosen.some((t) => t.topic)) {
      result.topicsNote = classification.tags.length
        ? 'None of the chosen tags can be a GitHub topic, so the topics were left exactly as they were.'
        : 'No tags were chosen, so the topics were left exactly as they were.';
      core.info(result.topicsNote);
    } else {
      const plan = planTopics({ current, chosen, vocabulary: config.vocabulary.tags, mode: config.topics });
      result.plan = plan;
      if (plan.skipped.length) {
        core.warning(`${repoName} would have more than 20 topics; not added: ${plan.skipped.join(', ')}.`);
      }
      const change = `+[${plan.added.join(', ')}] -[${plan.removed.join(', ')}]`;
      if (!plan.changed) {
        core.info(`Topics of ${repoName} already match (${config.topics}); nothing to write.`);
      } else if (config.dryRun) {
        core.info(`Dry run: would set the topics of ${repoName} to [${plan.after.join(', ')}] ${change}.`);
      } else {
        result.topicsAfter = await putTopics(github(), ref, plan.after);
        result.changed = true;
        core.info(`Topics of ${repoName} set to [${result.topicsAfter.join(', ')}] ${change}.`);
      }
    }
  }

  setOutputs(result);
  try {
    await writeSummary(result);
  } catch (error) {
    // The work is done (topics may already be written): a missing summary must not fail the step.
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}

async function loadReadme(config: ActionConfig, github: () => GitHubClient): Promise<LoadedReadme> {
  if (config.readmePath) {
    const shown = relative(config.workspace, config.readmePath) || config.readmePath;
    const loaded = await readReadmeFile(config.readmePath, `Input "readme-path" (${shown})`, config.workspace);
    return loaded;
  }
  const repoName = `${config.repository.owner}/${config.repository.repo}`;
  if (config.repositoryIsWorkspace) {
    const found = await findWorkspaceReadme(config.workspace);
    if (found) return readReadmeFile(found, `The README ${relative(config.workspace, found)}`, config.workspace);
  }
  const fromApi = await fetchReadme(github(), config.repository);
  if (!fromApi) {
    throw new Error(
      `No README found for ${repoName}: none in the workspace (.github/, root or docs/) and the GitHub API has none. ` +
        `Add a README, run actions/checkout first, or point "readme-path" at one.`,
    );
  }
  return fromApi;
}

function hasText(readme: string): boolean {
  return parseReadme(readme).blocks.some((b) => b.kind !== 'code' && /[\p{L}\p{N}]/u.test(b.text));
}
