/**
 * The one screen that orders the steps, and the only core.setFailed:
 * load the README, classify it (parsed once), plan and apply the topics,
 * report. One repository here (the steps are in repository.ts); a fleet
 * ("repositories") runs the same steps per repository in fleet/.
 */
import * as core from '@actions/core';
import { createClassifier } from './classify/index.ts';
import type { Logger } from './classify/types.ts';
import { tagFleet } from './fleet/action.ts';
import { readInputs, type ActionConfig } from './inputs.ts';
import { guardLine, inert } from './log.ts';
import { setOutputs, writeSummary, type RunResult } from './outputs.ts';
import { classifyRepository, lazyGitHub, loadRepositoryReadme, tagRepositoryTopics } from './repository.ts';

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
  for (const warning of config.vocabulary.warnings) log.warning(warning);
  log.info(`Vocabulary: ${config.vocabulary.tags.length} tags from ${inert(config.vocabularySource)}; at most ${config.maxTags} per README.`);
  const github = lazyGitHub(config, log);

  // 1. Load the README.
  const readme = await loadRepositoryReadme(config, github, log);

  // 2. Classify it.
  const classifier = createClassifier({ provider: config.provider, ...config.openai, logger: log, knowledge: config.knowledge });
  if (config.knowledgeSource)
    log.info(`Knowledge: the built-in knowledge with the entries of ${inert(config.knowledgeSource)}${config.provider === 'offline' ? '' : ' (used by the offline provider only)'}.`);
  log.info(`Provider: ${config.provider}${classifier.model ? ` (${inert(classifier.model)})` : ''}, because ${config.providerReason}.`);
  const classification = await classifyRepository({ config, readme, classifier, github, logger: log });

  // 3. Plan and apply the topics.
  const result: RunResult = { id: config.id, classification, vocabulary: config.vocabulary.tags, readmeSource: readme.source, topicsMode: config.topics, changed: false, dryRun: config.dryRun };
  if (config.topics !== 'off') {
    const tags = classification.tags.map((t) => t.name);
    Object.assign(result, await tagRepositoryTopics({ config: { ...config, topics: config.topics }, tags, github, logger: log }));
  }

  // 4. Report.
  setOutputs(result);
  try {
    await writeSummary(result);
  } catch (error) {
    // The work is done (topics may already be written): a missing summary must not fail the step.
    log.warning(`Could not write the job summary: ${inert(error)}`);
  }
}
