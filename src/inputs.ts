/**
 * The only reader of the action's inputs. Returns a typed, validated config;
 * every error names the input and says how to fix it.
 */
import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { resolveProvider, type Provider } from './classify/index.ts';
import { DEFAULT_MAX_README_TOKENS, DEFAULT_MODEL } from './classify/openai.ts';
import type { KnowledgeBase } from './classify/offline/knowledge.ts';
import { knowledgeFromText } from './classify/offline/user-knowledge.ts';
import { inert } from './log.ts';
import { knowledgeFormat, parseMaxTags, parsePositiveInt, parseProviderChoice, parseRepository, parseTopicsMode, vocabularyFormat } from './options.ts';
import { parseVocabulary, type Vocabulary } from './tags.ts';
import type { TopicsMode } from './topics.ts';
import type { RepoRef } from './github.ts';

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
  const knowledgeFile = input('knowledge-file');
  const knowledge = knowledgeFile ? await readKnowledgeFile(workspace, knowledgeFile) : undefined;

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

  return {
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

/**
 * The knowledge-file input: read inside the workspace like tags-file, checked like the
 * built-in knowledge (errors name the entry). One small function, so the reading can
 * move to the workspace file helper with tags-file.
 */
async function readKnowledgeFile(workspace: string, knowledgeFile: string): Promise<KnowledgeBase> {
  const format = knowledgeFormat(knowledgeFile, 'Input "knowledge-file"');
  const path = resolveInWorkspace(workspace, knowledgeFile);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `Input "knowledge-file": ${inert(knowledgeFile)} does not exist in the workspace (${inert(path)}). Check the path, and that actions/checkout ran before this step.`
        : `Input "knowledge-file": cannot read ${inert(path)}: ${inert((error as Error).message)}`,
      { cause: error },
    );
  }
  return knowledgeFromText(text, { label: `Input "knowledge-file" (${inert(knowledgeFile)})`, format });
}

function resolveInWorkspace(workspace: string, path: string): string {
  return isAbsolute(path) ? path : resolve(workspace, path);
}
