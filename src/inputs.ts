/**
 * The only reader of the action's inputs. Returns a typed, validated config;
 * every error names the input and says how to fix it.
 */
import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { resolveProvider, type Provider } from './classify/index.ts';
import { DEFAULT_MAX_README_TOKENS, DEFAULT_MODEL } from './classify/openai.ts';
import { parseMaxTags, parsePositiveInt, parseProviderChoice, parseRepository, parseTopicsMode, vocabularyFormat } from './options.ts';
import { parseVocabulary, type Vocabulary } from './tags.ts';
import type { TopicsMode } from './topics.ts';
import type { RepoRef } from './github.ts';
import { parsePatterns, type FleetPatterns } from './fleet/patterns.ts';
import { DEFAULT_MAX_WRITES } from './fleet/run.ts';

export interface ActionConfig {
  vocabulary: Vocabulary;
  /** `input "tags"` or the tags-file path, for logs. */
  vocabularySource: string;
  maxTags: number;
  /** Absolute path of the README to use, or null to look for one. */
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
  };
  /** Fleet mode: set when the "repositories" input is not empty. */
  fleet?: FleetConfig;
}

export interface FleetConfig {
  patterns: FleetPatterns;
  includeForks: boolean;
  /** 0: no limit. */
  maxWrites: number;
  /** GITHUB_GRAPHQL_URL, when the runner gives it. */
  graphqlUrl?: string;
}

const input = (name: string) => core.getInput(name);

export async function readInputs(env: NodeJS.ProcessEnv = process.env): Promise<ActionConfig> {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();

  const apiKey = input('api-key') || env.OPENAI_API_KEY || '';
  if (apiKey) core.setSecret(apiKey);
  const token = input('github-token');
  if (token) core.setSecret(token);

  const { vocabulary, source } = await readVocabulary(workspace);
  const maxTags = parseMaxTags(input('max-tags') || '3', 'Input "max-tags"');

  const readmeInput = input('readme-path');
  const readmePath = readmeInput ? resolveInWorkspace(workspace, readmeInput) : null;

  const repositoryInput = input('repository') || env.GITHUB_REPOSITORY || '';
  if (!repositoryInput) throw new Error('Input "repository" is empty and GITHUB_REPOSITORY is not set: give the repository as owner/name.');
  const repository = parseRepository(repositoryInput, 'Input "repository"');
  const repositoryIsWorkspace = (env.GITHUB_REPOSITORY ?? '').toLowerCase() === `${repository.owner}/${repository.repo}`.toLowerCase();

  const choice = parseProviderChoice(input('provider'), 'Input "provider"');
  const { provider, reason } = resolveProvider(choice, apiKey || undefined, 'the "api-key" input');
  const topics = parseTopicsMode(input('topics'), 'Input "topics"');
  let dryRun: boolean;
  try {
    dryRun = input('dry-run') ? core.getBooleanInput('dry-run') : false;
  } catch {
    throw new Error(`Input "dry-run" must be true or false; got ${JSON.stringify(input('dry-run'))}.`);
  }
  const id = input('id') || undefined;

  const maxReadmeTokensInput = input('max-readme-tokens');
  const maxReadmeTokens = maxReadmeTokensInput
    ? parsePositiveInt(maxReadmeTokensInput, 'Input "max-readme-tokens"', { min: 100, max: 100_000 })
    : DEFAULT_MAX_README_TOKENS;
  const baseURL = input('base-url') || undefined;
  const credentials = baseURL ? /^[a-z]+:\/\/([^@/\s]+)@/i.exec(baseURL)?.[1] : undefined;
  if (credentials) core.setSecret(credentials);
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
    },
  };
}

async function readVocabulary(workspace: string): Promise<{ vocabulary: Vocabulary; source: string }> {
  const tags = input('tags');
  const tagsFile = input('tags-file');
  if (tags && tagsFile) throw new Error('Give the vocabulary in "tags" or in "tags-file", not both.');
  if (tagsFile) {
    const label = `Input "tags-file" (${tagsFile})`;
    const format = vocabularyFormat(tagsFile, 'Input "tags-file"');
    const path = resolveInWorkspace(workspace, tagsFile);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(
        code === 'ENOENT'
          ? `Input "tags-file": ${tagsFile} does not exist in the workspace (${path}). Check the path, and that actions/checkout ran before this step.`
          : `Input "tags-file": cannot read ${path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return { vocabulary: parseVocabulary(text, label, format), source: tagsFile };
  }
  if (!tags.trim()) {
    throw new Error('No vocabulary: set the "tags" input (e.g. tags: database, cli, testing) or "tags-file" (a .json or .yml file in the repository).');
  }
  return { vocabulary: parseVocabulary(tags, 'Input "tags"'), source: 'input "tags"' };
}

function resolveInWorkspace(workspace: string, path: string): string {
  return isAbsolute(path) ? path : resolve(workspace, path);
}

/** The fleet inputs; undefined when "repositories" is empty (one repository, as before). */
function readFleetInputs(env: NodeJS.ProcessEnv, token: string, readmeInput: string): FleetConfig | undefined {
  const repositories = input('repositories');
  if (!repositories.trim()) return undefined;
  const patterns = parsePatterns(repositories, 'Input "repositories"');
  if (readmeInput) throw new Error('Input "readme-path" is for one repository; with "repositories" each README is read from the GitHub API. Remove one of them.');
  if (!token) throw new Error('Input "repositories" needs a token in "github-token" to list and read the repositories.');
  let includeForks: boolean;
  try {
    includeForks = input('include-forks') ? core.getBooleanInput('include-forks') : false;
  } catch {
    throw new Error(`Input "include-forks" must be true or false; got ${JSON.stringify(input('include-forks'))}.`);
  }
  const maxWritesInput = input('max-writes');
  const maxWrites = maxWritesInput ? parsePositiveInt(maxWritesInput, 'Input "max-writes" (0 for no limit)', { min: 0, max: 1_000_000 }) : DEFAULT_MAX_WRITES;
  return { patterns, includeForks, maxWrites, graphqlUrl: env.GITHUB_GRAPHQL_URL || undefined };
}
