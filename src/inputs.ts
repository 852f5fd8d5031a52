/**
 * The only reader of the action's inputs. Returns a typed, validated config;
 * every error names the input and says how to fix it.
 */
import * as core from '@actions/core';
import { resolveProvider, type Provider } from './classify/index.ts';
import { DEFAULT_MAX_README_TOKENS, DEFAULT_MODEL, type ReasoningEffortChoice } from './classify/openai.ts';
import type { KnowledgeBase } from './classify/offline/knowledge.ts';
import { knowledgeFromText } from './classify/offline/user-knowledge.ts';
import { baseUrlCredentials, knowledgeFormat, parseMaxTags, parsePositiveInt, parseProviderChoice, parseReasoningEffort, parseRepository, parseTopicsMode, vocabularyFormat } from './options.ts';
import { addSecret, inert } from './log.ts';
import { readRegularFile } from './readme-load.ts';
import { MAX_VOCABULARY, MAX_VOCABULARY_BYTES, parseVocabulary, type Vocabulary } from './tags.ts';
import type { TopicsMode } from './topics.ts';
import type { RepoRef } from './github.ts';
import { parsePatterns, type FleetPatterns } from './fleet/patterns.ts';
import { DEFAULT_MAX_WRITES } from './fleet/run.ts';

export interface ActionConfig {
  vocabulary: Vocabulary;
  /** `input "tags"` or the tags-file path, for logs. */
  vocabularySource: string;
  maxTags: number;
  /** The offline classifier's knowledge with the user's knowledge-file, when one is given. */
  knowledge?: KnowledgeBase;
  /** The knowledge-file path, for logs. */
  knowledgeSource?: string;
  /** Absolute path of the README to use, or null to look for one. */
  /** The "readme-path" input as given (read relative to the workspace, and only inside it), or null to look for one. */
  readmePath: string | null;
  repository: RepoRef;
  /** True when `repository` is the repository checked out in the workspace. */
  repositoryIsWorkspace: boolean;
  token: string;
  provider: Provider;
  providerReason: string;
  topics: TopicsMode;
  dryRun: boolean;
  id?: string;
  workspace: string;
  openai: {
    apiKey?: string;
    model: string;
    baseURL?: string;
    instructions?: string;
    maxReadmeTokens: number;
    reasoningEffort: ReasoningEffortChoice;
  };
  /** Fleet mode: set when the "repositories" input is not empty. */
  fleet?: FleetConfig;
}

export interface FleetConfig {
  patterns: FleetPatterns;
  includeForks: boolean;
  /** 0: no limit. */
  maxWrites: number;
}

const input = (name: string) => core.getInput(name);

/** A true/false input (YAML 1.2 core schema, as core.getBooleanInput reads it); false when empty. */
function booleanInput(name: string): boolean {
  try {
    return input(name) ? core.getBooleanInput(name) : false;
  } catch {
    throw new Error(`Input "${name}" must be true or false; got ${JSON.stringify(input(name))}.`);
  }
}

/** Masked by the runner (whole value) and redacted by log.ts (before any cut) from the moment it is read. */
function secret(value: string): void {
  core.setSecret(value);
  addSecret(value);
}

export async function readInputs(env: NodeJS.ProcessEnv = process.env): Promise<ActionConfig> {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();

  const apiKey = input('api-key') || env.OPENAI_API_KEY || '';
  if (apiKey) secret(apiKey);
  const token = input('github-token');
  if (token) secret(token);

  const { vocabulary, source } = await readVocabulary(workspace);
  const maxTags = parseMaxTags(input('max-tags') || '3', 'Input "max-tags"');
  const knowledgeFile = input('knowledge-file');
  const knowledge = knowledgeFile ? await readKnowledgeFile(workspace, knowledgeFile) : undefined;

  const readmeInput = input('readme-path');
  const readmePath = readmeInput || null;

  const repositoryInput = input('repository') || env.GITHUB_REPOSITORY || '';
  if (!repositoryInput) throw new Error('Input "repository" is empty and GITHUB_REPOSITORY is not set: give the repository as owner/name.');
  const repository = parseRepository(repositoryInput, 'Input "repository"');
  const repositoryIsWorkspace = (env.GITHUB_REPOSITORY ?? '').toLowerCase() === `${repository.owner}/${repository.repo}`.toLowerCase();

  const choice = parseProviderChoice(input('provider'), 'Input "provider"');
  const { provider, reason } = resolveProvider(choice, apiKey || undefined, 'the "api-key" input');
  const topics = parseTopicsMode(input('topics'), 'Input "topics"');
  const dryRun = booleanInput('dry-run');
  const id = input('id') || undefined;

  const maxReadmeTokensInput = input('max-readme-tokens');
  const maxReadmeTokens = maxReadmeTokensInput ? parsePositiveInt(maxReadmeTokensInput, 'Input "max-readme-tokens"', { min: 100, max: 100_000 }) : DEFAULT_MAX_README_TOKENS;
  const reasoningEffort = parseReasoningEffort(input('reasoning-effort'), 'Input "reasoning-effort"');
  const baseURL = input('base-url') || undefined;
  for (const credential of baseUrlCredentials(baseURL)) secret(credential);
  if (baseURL && !/^https?:\/\/[^\s/]+/i.test(baseURL)) {
    throw new Error(`Input "base-url" must be an http(s) URL such as https://YOUR-RESOURCE.openai.azure.com/openai/v1/; got ${JSON.stringify(baseURL)}.`);
  }

  if (topics !== 'off' && !token) {
    throw new Error(`Input "topics" is ${topics} but "github-token" is empty: pass a token with Administration: write, or set topics: off.`);
  }

  const fleet = readFleetInputs(env, token, readmeInput);

  return {
    fleet,
    vocabulary,
    vocabularySource: source,
    maxTags,
    ...(knowledge ? { knowledge, knowledgeSource: knowledgeFile } : {}),
    readmePath,
    repository,
    repositoryIsWorkspace,
    token,
    provider,
    providerReason: reason,
    topics,
    dryRun,
    id,
    workspace,
    openai: {
      apiKey: apiKey || undefined,
      model: input('model') || DEFAULT_MODEL,
      baseURL,
      instructions: input('instructions') || undefined,
      maxReadmeTokens,
      reasoningEffort,
    },
  };
}

async function readVocabulary(workspace: string): Promise<{ vocabulary: Vocabulary; source: string }> {
  const tags = input('tags');
  const tagsFile = input('tags-file');
  if (tags && tagsFile) throw new Error('Give the vocabulary in "tags" or in "tags-file", not both.');
  if (tagsFile) {
    const label = `Input "tags-file" (${inert(tagsFile)})`;
    const format = vocabularyFormat(tagsFile, 'Input "tags-file"');
    const text = await readWorkspaceText({ workspace, path: tagsFile, input: 'tags-file', label, what: `a vocabulary holds at most ${MAX_VOCABULARY} tags; trim the file` });
    return { vocabulary: parseVocabulary(text, label, format), source: tagsFile };
  }
  if (!tags.trim()) {
    throw new Error('No vocabulary: set the "tags" input (e.g. tags: database, cli, testing) or "tags-file" (a .json or .yml file in the repository).');
  }
  return { vocabulary: parseVocabulary(tags, 'Input "tags"'), source: 'input "tags"' };
}

/**
 * The knowledge-file input: read inside the workspace like tags-file, checked like the
 * built-in knowledge (errors name the entry).
 */
async function readKnowledgeFile(workspace: string, knowledgeFile: string): Promise<KnowledgeBase> {
  const format = knowledgeFormat(knowledgeFile, 'Input "knowledge-file"');
  const label = `Input "knowledge-file" (${inert(knowledgeFile)})`;
  const text = await readWorkspaceText({ workspace, path: knowledgeFile, input: 'knowledge-file', label, what: 'split it or trim it' });
  return knowledgeFromText(text, { label, format });
}

/**
 * A file named by an input, as text: inside the workspace (real path, links followed, not
 * .git/), a regular file checked before it is opened, at most MAX_VOCABULARY_BYTES.
 */
async function readWorkspaceText(options: { workspace: string; path: string; input: string; label: string; what: string }): Promise<string> {
  const { workspace, path, input: name, label } = options;
  let file;
  try {
    file = await readRegularFile(path, { label, maxBytes: MAX_VOCABULARY_BYTES, workspace });
  } catch (error) {
    if (((error as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new Error(`Input "${name}": ${inert(path)} does not exist in the workspace. Check the path, and that actions/checkout ran before this step.`, { cause: error });
    }
    throw error;
  }
  if (file.truncated) throw new Error(`${label} is larger than ${MAX_VOCABULARY_BYTES / 1024 / 1024} MiB: ${options.what}.`);
  return new TextDecoder('utf-8').decode(file.bytes);
}

/** The fleet inputs; undefined when "repositories" is empty (one repository, as before). */
function readFleetInputs(env: NodeJS.ProcessEnv, token: string, readmeInput: string): FleetConfig | undefined {
  const repositories = input('repositories');
  if (!repositories.trim()) return undefined;
  const patterns = parsePatterns(repositories, 'Input "repositories"');
  if (readmeInput) throw new Error('Input "readme-path" is for one repository; with "repositories" each README is read from the GitHub API. Remove one of them.');
  if (!token) throw new Error('Input "repositories" needs a token in "github-token" to list and read the repositories.');
  const includeForks = booleanInput('include-forks');
  const maxWritesInput = input('max-writes');
  const maxWrites = maxWritesInput ? parsePositiveInt(maxWritesInput, 'Input "max-writes" (0 for no limit)', { min: 0, max: 1_000_000 }) : DEFAULT_MAX_WRITES;
  return { patterns, includeForks, maxWrites };
}
