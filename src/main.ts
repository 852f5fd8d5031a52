/**
 * The one screen that orders the steps, and the only core.setFailed.
 */
import * as core from '@actions/core';
import { createClassifier } from './classify/index.ts';
import type { Classification, Logger } from './classify/types.ts';
import { createGitHubClient, fetchReadme, fetchRepositoryContext, getTopics, putTopics, type GitHubClient } from './github.ts';
import { readInputs, type ActionConfig } from './inputs.ts';
import { parseReadme } from './readme.ts';
import { readReadmeFile, readWorkspaceReadme, type LoadedReadme } from './readme-load.ts';
import { inert } from './log.ts';
import { setOutputs, writeSummary, type RunResult } from './outputs.ts';
import { applyTopics, decideTopics, hasText } from './pipeline.ts';
import { guardLine, inertList } from './log.ts';
import { tagFleet } from './fleet/action.ts';

/**
 * Every line this action logs goes through here: guardLine() makes each
 * message one inert, bounded, redacted line (the last line of defence;
 * outside text in a message is already an inert() field).
 */
const log: Logger = {
  info: (m) => core.info(guardLine(m)),
  warning: (m) => core.warning(guardLine(m)),
  debug: (m) => core.debug(guardLine(m)),
};

export async function run(): Promise<void> {
  try {
    const config = await readInputs();
    if (config.fleet) await tagFleet({ ...config, fleet: config.fleet }, log);
    else await tag(config);
  } catch (error) {
    core.setFailed(guardLine(error instanceof Error ? error.message : String(error)));
  }
}

async function tag(config: ActionConfig): Promise<void> {
  const { repository: ref } = config;
  const repoName = `${ref.owner}/${ref.repo}`;
  for (const warning of config.vocabulary.warnings) log.warning(warning);
  log.info(`Vocabulary: ${config.vocabulary.tags.length} tags from ${inert(config.vocabularySource)}; at most ${config.maxTags} per README.`);

  let client: GitHubClient | undefined;
  const github = () => {
    if (!config.token) {
      throw new Error(
        `Input "github-token" is empty, but the GitHub API is needed to read ${repoName}'s README or topics. Pass a token (the default \${{ github.token }} can read), or check out the repository and set "readme-path".`,
      );
    }
    return (client ??= createGitHubClient({ token: config.token, logger: log }));
  };

  const readme = await loadReadme(config, github);
  log.info(`README: ${inert(readme.source)}${readme.truncated ? ' (long: only its first 512 KiB were read)' : ''}.`);

  const classifier = createClassifier({ provider: config.provider, ...config.openai, logger: log, knowledge: config.knowledge });
  if (config.knowledgeSource)
    log.info(`Knowledge: the built-in knowledge with the entries of ${inert(config.knowledgeSource)}${config.provider === 'offline' ? '' : ' (used by the offline provider only)'}.`);
  log.info(`Provider: ${config.provider}${classifier.model ? ` (${inert(classifier.model)})` : ''}, because ${config.providerReason}.`);

  let classification: Classification;
  const doc = parseReadme(readme.text);
  if (!hasText(doc)) {
    log.warning(`The README (${inert(readme.source)}) has no text to classify, so no tags were chosen and topics were left alone.`);
    classification = { tags: [], provider: classifier.provider, model: classifier.model, warnings: [] };
  } else {
    const { description, language } = config.token ? await fetchRepositoryContext(github(), ref, log) : {};
    if (description) log.debug(`Repository description: ${inert(description)}`);
    if (language) log.debug(`Repository language: ${inert(language)}`);
    classification = await classifier.classify({
      readme: readme.text,
      doc,
      vocabulary: config.vocabulary.tags,
      maxTags: config.maxTags,
      description,
      language,
      repository: repoName,
    });
  }
  for (const warning of classification.warnings) log.warning(warning);
  const names = classification.tags.map((t) => t.name);
  log.info(names.length ? `Tags: ${topicList(names)}` : 'Tags: none (no tag had enough evidence).');

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
    const decision = decideTopics({ tags: names, current, vocabulary: config.vocabulary.tags, mode: config.topics, dryRun: config.dryRun });
    if (decision.action !== 'leave' && decision.plan.skipped.length) {
      log.warning(`${repoName} would have more than 20 topics; not added: ${topicList(decision.plan.skipped)}.`);
    }
    const applied = await applyTopics(decision, current, (after) => putTopics(github(), ref, after));
    result.topicsAfter = applied.after;
    result.plan = applied.plan;
    result.topicsNote = applied.note;
    result.changed = applied.status === 'changed';
    const change = applied.plan ? `+[${topicList(applied.plan.added)}] -[${topicList(applied.plan.removed)}]` : '';
    if (applied.status === 'left') log.info(applied.note!);
    else if (applied.status === 'unchanged') log.info(`Topics of ${repoName} already match (${config.topics}); nothing to write.`);
    else if (applied.status === 'would-change') log.info(`Dry run: would set the topics of ${repoName} to [${topicList(applied.plan!.after)}] ${change}.`);
    else log.info(`Topics of ${repoName} set to [${topicList(applied.after)}] ${change}.`);
  }

  setOutputs(result);
  try {
    await writeSummary(result);
  } catch (error) {
    // The work is done (topics may already be written): a missing summary must not fail the step.
    log.warning(`Could not write the job summary: ${inert(error)}`);
  }
}

async function loadReadme(config: ActionConfig, github: () => GitHubClient): Promise<LoadedReadme> {
  if (config.readmePath) {
    // Inside the workspace (links followed, not .git/) and a regular file, or an error naming the input.
    return readReadmeFile(config.readmePath, `Input "readme-path" (${inert(config.readmePath)})`, { workspace: config.workspace });
  }
  const repoName = `${config.repository.owner}/${config.repository.repo}`;
  if (config.repositoryIsWorkspace) {
    // A candidate that leads outside the workspace or is not a regular file is skipped, as GitHub does.
    const found = await readWorkspaceReadme(config.workspace, (message) => core.warning(message));
    if (found) return found;
  }
  const fromApi = await fetchReadme(github(), config.repository);
  if (!fromApi) {
    throw new Error(
      `No README found for ${repoName}: none in the workspace (.github/, root or docs/) and the GitHub API has none. ` + `Add a README, run actions/checkout first, or point "readme-path" at one.`,
    );
  }
  return fromApi;
}

/** Tag names and topics (vocabulary names, and topics as the API returned them) as one inert field each, unquoted. */
function topicList(names: readonly string[]): string {
  return inertList(names, { quote: false, maxItems: 100, maxChars: 100 });
}
