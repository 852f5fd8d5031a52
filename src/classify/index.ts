/**
 * Provider names, the auto rule, and the one place classifiers are built.
 */
import type { Classification, Classifier, ClassifyRequest, Logger } from './types.ts';
import { selectTags } from './parse.ts';
import { inertList } from '../log.ts';
import { createOfflineClassifier } from './offline/index.ts';
import { createOpenAIClassifier, DEFAULT_MAX_README_TOKENS, type ReasoningEffortChoice } from './openai.ts';
import type { KnowledgeBase } from './offline/knowledge.ts';

export const PROVIDERS = ['offline', 'openai'] as const;
export type Provider = (typeof PROVIDERS)[number];
export const PROVIDER_CHOICES = ['auto', ...PROVIDERS] as const;
export type ProviderChoice = (typeof PROVIDER_CHOICES)[number];

export interface ProviderConfig {
  provider: Provider;
  apiKey?: string;
  model?: string;
  baseURL?: string;
  instructions?: string;
  maxReadmeTokens?: number;
  reasoningEffort?: ReasoningEffortChoice;
  timeoutMs?: number;
  maxRetries?: number;
  logger?: Logger;
  /** Offline: the knowledge to use (the built-in one, or it with a user's knowledge file). */
  knowledge?: KnowledgeBase;
}

/**
 * `auto` means openai when a key is given, otherwise offline. Returns the
 * provider and a sentence for the log saying why. `keyLabel` names where a
 * key comes from, for the error when openai is asked for without one.
 */
export function resolveProvider(choice: ProviderChoice, apiKey: string | undefined, keyLabel: string): { provider: Provider; reason: string } {
  if (choice === 'offline') return { provider: 'offline', reason: 'provider is set to offline' };
  if (choice === 'openai') {
    if (!apiKey) throw new Error(`provider is openai but no API key was given: set ${keyLabel} (or the OPENAI_API_KEY environment variable), or use provider: offline.`);
    return { provider: 'openai', reason: 'provider is set to openai' };
  }
  return apiKey ? { provider: 'openai', reason: 'provider is auto and an API key was given' } : { provider: 'offline', reason: 'provider is auto and no API key was given' };
}

export function createClassifier(config: ProviderConfig): Classifier {
  const inner: Classifier =
    config.provider === 'openai'
      ? createOpenAIClassifier({
          apiKey: config.apiKey ?? '',
          model: config.model ?? '',
          baseURL: config.baseURL,
          instructions: config.instructions,
          maxReadmeTokens: config.maxReadmeTokens ?? DEFAULT_MAX_README_TOKENS,
          reasoningEffort: config.reasoningEffort,
          timeoutMs: config.timeoutMs,
          maxRetries: config.maxRetries,
          logger: config.logger,
        })
      : createOfflineClassifier({ knowledge: config.knowledge });
  return enforceContract(inner);
}

/**
 * Whatever a provider returns, only vocabulary names come out, de-duplicated,
 * capped and in the provider's order. Providers filter too; this is the
 * guarantee at the seam.
 */
export function enforceContract(inner: Classifier): Classifier {
  return {
    provider: inner.provider,
    model: inner.model,
    async classify(request: ClassifyRequest): Promise<Classification> {
      const result = await inner.classify(request);
      const { tags, dropped } = selectTags(result.tags, request.vocabulary, request.maxTags);
      const warnings = [...result.warnings];
      if (dropped.length) warnings.push(`Dropped ${dropped.length.toLocaleString('en-US')} tags that are not in the vocabulary: ${inertList(dropped)}.`);
      return { ...result, tags, warnings };
    },
  };
}
