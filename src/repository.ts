/**
 * The single-repository run's steps, in the order main.ts calls them: load
 * the README (readme-load.ts loadReadme: "readme-path", else the workspace,
 * then the API), classify it, then plan and apply the topics (pipeline.ts,
 * shared with the fleet). Each step logs through the action's one logger.
 */
import { checkoutLanguages } from './checkout-language.ts';
import type { Classification, Classifier, Logger } from './classify/types.ts';
import { createGitHubClient, fetchRepositoryContext, getTopics, putTopics, readmeApi, type GitHubClient } from './github.ts';
import type { ActionConfig } from './inputs.ts';
import { inert, inertList } from './log.ts';
import type { RunResult } from './outputs.ts';
import { applyTopics, decideTopics, hasText } from './pipeline.ts';
import { parseReadme } from './readme.ts';
import { loadReadme, type LoadedReadme } from './readme-load.ts';

/** The GitHub client, built on first use: a run that needs no API needs no token. */
export type LazyGitHub = () => GitHubClient;

export function lazyGitHub(config: ActionConfig, logger: Logger): LazyGitHub {
  let client: GitHubClient | undefined;
  return () => {
    if (!config.token) {
      throw new Error(
        `Input "github-token" is empty, but the GitHub API is needed to read ${repoName(config)}'s README or topics. Pass a token (the default \${{ github.token }} can read), or check out the repository and set "readme-path".`,
      );
    }
    return (client ??= createGitHubClient({ token: config.token, logger }));
  };
}

function repoName(config: ActionConfig): string {
  return `${config.repository.owner}/${config.repository.repo}`;
}

/** Tag names and topics (vocabulary names, and topics as the API returned them) as one inert field each, unquoted. */
export function topicList(names: readonly string[]): string {
  return inertList(names, { quote: false, maxItems: 100, maxChars: 100 });
}

/** The README: "readme-path" alone when set; else the checked-out workspace (when it is this repository), then the API. */
export async function loadRepositoryReadme(config: ActionConfig, github: LazyGitHub, logger: Logger): Promise<LoadedReadme> {
  const readme = await loadReadme(
    config.readmePath
      ? // Inside the workspace (links followed, not .git/) and a regular file, or an error naming the input.
        { file: { path: config.readmePath, label: `Input "readme-path" (${inert(config.readmePath)})`, workspace: config.workspace } }
      : {
          // A candidate that leads outside the workspace or is not a regular file is skipped, as GitHub does.
          folder: config.repositoryIsWorkspace ? { dir: config.workspace, workspace: true, onSkip: (message) => logger.warning(message) } : undefined,
          api: () => readmeApi(github(), config.repository),
        },
  );
  if (!readme) {
    // The workspace was searched only when it is this repository's checkout: say so, and the fix that fits.
    throw new Error(
      config.repositoryIsWorkspace
        ? `No README found for ${repoName(config)}: none in the workspace (.github/, root or docs/) and the GitHub API has none. ` +
            `Add a README, run actions/checkout first, or point "readme-path" at one.`
        : `No README found for ${repoName(config)}: the GitHub API has none (the workspace was not searched: it is not a checkout of "repository"). ` +
            `Check the "repository" input, give "github-token" a token that can read it, or point "readme-path" at a README in the workspace.`,
    );
  }
  logger.info(`README: ${inert(readme.source)}${readme.truncated ? ' (long: only its first 512 KiB were read)' : ''}.`);
  return readme;
}

export interface ClassifyStep {
  config: ActionConfig;
  readme: LoadedReadme;
  classifier: Classifier;
  github: LazyGitHub;
  logger: Logger;
}

/** The tags for the README (none, with a warning, when it has no text), with the repository's description and language as evidence. */
export async function classifyRepository({ config, readme, classifier, github, logger }: ClassifyStep): Promise<Classification> {
  let classification: Classification;
  // Parsed once: hasText and the classifier (offline scoring or the LLM prompt) share it.
  const doc = parseReadme(readme.text);
  if (!hasText(doc)) {
    logger.warning(`The README (${inert(readme.source)}) has no text to classify, so no tags were chosen and topics were left alone.`);
    classification = { tags: [], provider: classifier.provider, model: classifier.model, warnings: [] };
  } else {
    const { description, language: apiLanguage } = config.token ? await fetchRepositoryContext(github(), config.repository, logger) : {};
    if (description) logger.debug(`Repository description: ${inert(description)}`);
    const language = apiLanguage ?? (config.repositoryIsWorkspace ? workspaceLanguage(config.workspace, logger) : undefined);
    if (apiLanguage) logger.debug(`Repository language (from the GitHub API): ${inert(apiLanguage)}`);
    classification = await classifier.classify({
      readme: readme.text,
      doc,
      vocabulary: config.vocabulary.tags,
      maxTags: config.maxTags,
      description,
      language,
      repository: repoName(config),
    });
  }
  for (const warning of classification.warnings) logger.warning(warning);
  const names = classification.tags.map((t) => t.name);
  logger.info(names.length ? `Tags: ${topicList(names)}` : 'Tags: none (no tag had enough evidence).');
  return classification;
}

/** The checkout's primary language by its files (linguist-style), when the API gave none: no token, an API error, or no language. */
function workspaceLanguage(workspace: string, logger: Logger): string | undefined {
  const started = performance.now();
  const found = checkoutLanguages(workspace);
  const took = `${Math.round(performance.now() - started)} ms, ${found.entries} entries${found.complete ? '' : ', stopped at the bound'}`;
  if (found.language) logger.debug(`Repository language (from the checkout's files, ${took}): ${inert(found.language)}`);
  else logger.debug(`Repository language: none (the API gave none and the checkout has no source file; ${took}).`);
  return found.language;
}

export type TopicsResult = Pick<RunResult, 'topicsAfter' | 'plan' | 'topicsNote' | 'changed'>;

/** Plan the topics from the tags (merge or sync), and write them unless it is a dry run or nothing changes. */
export interface TopicsStep {
  config: ActionConfig & { topics: 'merge' | 'sync' };
  /** The chosen tags, best first. */
  tags: string[];
  github: LazyGitHub;
  logger: Logger;
}

export async function tagRepositoryTopics({ config, tags, github, logger }: TopicsStep): Promise<TopicsResult> {
  const ref = config.repository;
  const name = repoName(config);
  const current = await getTopics(github(), ref);
  const decision = decideTopics({ tags, current, vocabulary: config.vocabulary.tags, mode: config.topics, dryRun: config.dryRun });
  if (decision.action !== 'leave' && decision.plan.skipped.length) {
    logger.warning(`${name} would have more than 20 topics; not added: ${topicList(decision.plan.skipped)}.`);
  }
  const applied = await applyTopics(decision, current, (after) => putTopics(github(), ref, after));
  const change = applied.plan ? `+[${topicList(applied.plan.added)}] -[${topicList(applied.plan.removed)}]` : '';
  if (applied.status === 'left') logger.info(applied.note!);
  else if (applied.status === 'unchanged') logger.info(`Topics of ${name} already match (${config.topics}); nothing to write.`);
  else if (applied.status === 'would-change') logger.info(`Dry run: would set the topics of ${name} to [${topicList(applied.plan!.after)}] ${change}.`);
  else logger.info(`Topics of ${name} set to [${topicList(applied.after)}] ${change}.`);
  return { topicsAfter: applied.after, plan: applied.plan, topicsNote: applied.note, changed: applied.status === 'changed' };
}
