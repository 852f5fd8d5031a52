/**
 * The `openai` provider: any OpenAI-compatible chat completions endpoint
 * (OpenAI, Azure OpenAI's v1 endpoint, Ollama, vLLM, LiteLLM, OpenRouter...)
 * through the official SDK. The only file that imports 'openai'.
 *
 * Never trusts the model: the request constrains names to the vocabulary
 * (prompt.ts) and every reply still goes through selectTags (parse.ts).
 * Retries are ours, not the SDK's (maxRetries: 0 there), so Retry-After can
 * be capped, every attempt is logged, and tests can make the waits short.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { selectTags } from './parse.ts';
import { buildPrompt, estimateRequestTokens, readReply, responseFormat, type ChatPrompt } from './prompt.ts';
import { silentLogger, type Classification, type Classifier, type ClassifyRequest, type Logger, type Usage } from './types.ts';

/**
 * gpt-5.4-nano: OpenAI's smallest current model (March 2026), built for
 * classification and routing; strict structured outputs; $0.20 / $1.25 per
 * million input / output tokens, about $0.0004 a README (docs/openai-section.md).
 * No reasoning effort is sent (Ollama and non-reasoning models reject it), so
 * GPT-5.1+ run at their default, none, which accepts temperature 0; a model
 * that rejects temperature gets the request without it (see RequestShape).
 */
export const DEFAULT_MODEL = 'gpt-5.4-nano';
/** README budget: the whole seed request (README + 90 tags + schema) stays under about 1,500 tokens. */
export const DEFAULT_MAX_README_TOKENS = 1500;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_RETRY: RetryTiming = { baseDelayMs: 1000, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

export interface RetryTiming {
  /** First backoff; doubled each retry, with up to 25% jitter off. */
  baseDelayMs: number;
  /** Backoff never waits longer than this. */
  maxDelayMs: number;
  /** A Retry-After longer than this fails at once instead of stalling the job. */
  maxRetryAfterMs: number;
}

export interface OpenAIOptions {
  apiKey: string;
  model: string;
  /** Any OpenAI-compatible endpoint, ending in /v1 (Azure: https://RESOURCE.openai.azure.com/openai/v1). */
  baseURL?: string;
  instructions?: string;
  maxReadmeTokens: number;
  /** Per call, including reading the reply. */
  timeoutMs?: number;
  /** Retries on 408/409/429/5xx, connection errors and timeouts. */
  maxRetries?: number;
  logger?: Logger;
  /** Backoff timing; tests make it short. */
  retry?: Partial<RetryTiming>;
}

/** Output tokens allowed: a tag with its reason is ~25 tokens; the rest is headroom for models that reason first. */
const completionBudget = (maxTags: number) => 512 + 64 * maxTags;
/** How many times a request may be reshaped after a 400 naming one of its parameters. */
const MAX_ADAPTATIONS = 5;

export function createOpenAIClassifier(options: OpenAIOptions): Classifier {
  const apiKey = options.apiKey?.trim();
  if (!apiKey) throw new Error('The openai provider needs an API key: set the api-key input (the CLI also reads --api-key or OPENAI_API_KEY).');
  const model = options.model?.trim();
  if (!model) throw new Error(`The openai provider needs a model: set the model input (e.g. ${DEFAULT_MODEL}, or your Azure deployment name).`);
  const baseURL = options.baseURL?.trim() || undefined;
  if (baseURL && !/^https?:\/\/[^\s/]+/i.test(baseURL)) {
    throw new Error(`base-url "${baseURL}" is not an http(s) URL; e.g. https://RESOURCE.openai.azure.com/openai/v1 or http://localhost:11434/v1.`);
  }
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
  const maxReadmeTokens = options.maxReadmeTokens > 0 ? options.maxReadmeTokens : DEFAULT_MAX_README_TOKENS;
  const settings: CallSettings = {
    model,
    endpoint: baseURL ?? 'https://api.openai.com/v1',
    apiKey,
    timeoutMs,
    maxRetries: Math.max(0, options.maxRetries ?? DEFAULT_MAX_RETRIES),
    retry: { ...DEFAULT_RETRY, ...options.retry },
    logger,
  };
  const client = new OpenAI({
    apiKey,
    baseURL,
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: 'warn',
    logger: { error: (m) => logger.debug(`openai sdk: ${m}`), warn: (m) => logger.debug(`openai sdk: ${m}`), info() {}, debug() {} },
  });
  const shape = new RequestShape();
  return {
    provider: 'openai',
    model,
    classify: (request) => classify(client, shape, settings, { ...options, maxReadmeTokens }, request),
  };
}

interface CallSettings {
  model: string;
  endpoint: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  retry: RetryTiming;
  logger: Logger;
}

async function classify(client: OpenAI, shape: RequestShape, settings: CallSettings, options: OpenAIOptions, request: ClassifyRequest): Promise<Classification> {
  const { logger, model } = settings;
  const prompt = buildPrompt({
    readme: request.readme,
    vocabulary: request.vocabulary,
    maxTags: request.maxTags,
    maxReadmeTokens: options.maxReadmeTokens,
    instructions: options.instructions,
    repository: request.repository,
    description: request.description,
  });
  const warnings: string[] = [];
  if (!prompt.names) warnings.push('The vocabulary is too large for a strict enum in the response schema; the model was shown it and its reply was checked locally.');
  if (!prompt.readme.trim() && !request.description?.trim()) {
    return { tags: [], provider: 'openai', model, warnings: ['The README has no text to classify; no request was sent.'] };
  }
  logger.debug(
    `openai: ${model}, README ~${prompt.readmeTokens} tokens${prompt.truncated ? ` (cut to max-readme-tokens ${options.maxReadmeTokens})` : ''}, request ~${estimateRequestTokens(prompt.messages, prompt.responseFormat.json_schema)} tokens`,
  );

  const usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  let reported = false;
  let maxOutput = completionBudget(request.maxTags);
  let problem = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    const completion = await callWithRetries(client, shape, settings, prompt, request, maxOutput);
    if (completion.usage) {
      reported = true;
      usage.promptTokens += completion.usage.prompt_tokens ?? 0;
      usage.completionTokens += completion.usage.completion_tokens ?? 0;
      usage.totalTokens += completion.usage.total_tokens ?? 0;
    }
    const choice = completion.choices?.[0];
    const reading = choice?.message?.refusal
      ? ({ ok: false, problem: `the model refused: ${choice.message.refusal}` } as const)
      : readReply(choice?.message?.content);
    if (reading.ok) {
      const { tags, dropped } = selectTags(reading.candidates, request.vocabulary, request.maxTags);
      if (tags.length > 0 || reading.candidates.length === 0) {
        if (dropped.length) warnings.push(`The model named tags that are not in the vocabulary; dropped: ${dropped.map((d) => JSON.stringify(d)).join(', ')}.`);
        if (tags.length === 0) warnings.push('The model chose no tag from the vocabulary for this README.');
        if (shape.format !== 'json_schema') warnings.push(`${model} did not accept a strict response schema; its reply was checked against the vocabulary locally.`);
        return { tags, provider: 'openai', model, usage: reported ? usage : undefined, warnings };
      }
      problem = `every name in the reply is outside the vocabulary (${dropped.map((d) => JSON.stringify(d)).join(', ')})`;
    } else {
      problem = reading.problem;
    }
    if (choice?.finish_reason === 'length') {
      problem += ` (cut off at ${maxOutput} output tokens)`;
      maxOutput *= 4;
    }
    if (attempt === 1) logger.warning(`${model} gave an unusable reply: ${problem}; asking once more.`);
  }
  throw new Error(`${model} gave no usable tags in two replies: ${problem}. Try another model (model input), or check that base-url serves an OpenAI-compatible API with structured outputs.`);
}

/** One chat completion, with retries on transient failures and reshaping after a 400 that names a parameter. */
async function callWithRetries(
  client: OpenAI,
  shape: RequestShape,
  settings: CallSettings,
  prompt: ChatPrompt,
  request: ClassifyRequest,
  maxOutput: number,
): Promise<ChatCompletion> {
  const { logger, model, maxRetries } = settings;
  let failures = 0;
  let adaptations = 0;
  for (;;) {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      const body = shape.body(model, prompt, request.maxTags, maxOutput);
      const completion: unknown = await client.chat.completions.create(body, { signal, timeout: settings.timeoutMs, maxRetries: 0 });
      if (!completion || typeof completion !== 'object') {
        throw new ReplyShapeError(`answered with ${typeof completion === 'string' ? `text, not JSON (${completion.slice(0, 80)})` : 'nothing'}`);
      }
      return completion as ChatCompletion;
    } catch (caught) {
      if (request.signal?.aborted) throw new Error('The classification was cancelled.', { cause: caught });
      const error = timeout.aborted && !(caught instanceof APIError && caught.status) ? new APIConnectionTimeoutError() : caught;
      if (error instanceof APIError && (error.status === 400 || error.status === 422) && adaptations < MAX_ADAPTATIONS) {
        const change = shape.adapt(error);
        if (change) {
          adaptations++;
          logger.info(`${model} does not accept ${change}.`);
          continue;
        }
      }
      /* eslint-disable preserve-caught-error -- `error` is the caught error, or the timeout it stands for: the cause to keep */
      const verdict = judge(error, settings);
      failures++;
      if (!verdict.retry || failures > maxRetries) {
        const tries = failures > 1 ? ` after ${failures} attempts` : '';
        throw new Error(redact(`${verdict.message}${verdict.retry ? tries : ''}`, settings.apiKey), { cause: error });
      }
      const wait = retryDelay(failures, error, settings.retry);
      if (wait > settings.retry.maxRetryAfterMs) {
        throw new Error(redact(`${verdict.message}; the server asks to wait ${Math.ceil(wait / 1000)} s before retrying, longer than this run waits. Try again later.`, settings.apiKey), { cause: error });
      }
      /* eslint-enable preserve-caught-error */
      logger.info(redact(`${verdict.message}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${failures + 1} of ${maxRetries + 1}).`, settings.apiKey));
      await sleep(wait, request.signal);
    }
  }
}

class ReplyShapeError extends Error {}

interface Verdict {
  retry: boolean;
  message: string;
}

/** What an error means for the user, and whether another attempt could help. */
function judge(error: unknown, settings: CallSettings): Verdict {
  const { model, endpoint } = settings;
  const within = settings.timeoutMs < 1000 ? `${settings.timeoutMs} ms` : `${Math.round(settings.timeoutMs / 1000)} s`;
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) return { retry: true, message: `No reply from ${endpoint} within ${within}` };
  if (error instanceof APIConnectionError) {
    return { retry: true, message: `The connection to ${endpoint} failed (${causeText(error)}); check base-url and that the server is running` };
  }
  if (error instanceof ReplyShapeError) return { retry: true, message: `${endpoint} ${error.message}` };
  if (!(error instanceof APIError)) {
    // A reply cut off mid-body, or a body that was not the JSON its headers promised.
    return { retry: true, message: `The reply from ${endpoint} could not be read (${(error as Error)?.message ?? String(error)})` };
  }
  const status = error.status ?? 0;
  const said = serverSaid(error);
  if (status === 401) {
    return { retry: false, message: `The API key was rejected (401 Unauthorized) by ${endpoint}: check the api-key input (the CLI: --api-key or OPENAI_API_KEY)${said}` };
  }
  if (status === 403) {
    return { retry: false, message: `The API key is not allowed to use model "${model}" (403 Forbidden) at ${endpoint}: check the api-key input and the key's project or region permissions${said}` };
  }
  if (status === 404) {
    return {
      retry: false,
      message: `Model "${model}" was not found (404) at ${endpoint}: check the model input (for Azure OpenAI, your deployment name) and base-url (OpenAI-compatible servers end in /v1, e.g. http://localhost:11434/v1 for Ollama)${said}`,
    };
  }
  if (status === 429 && (error.code === 'insufficient_quota' || /insufficient_quota|exceeded your current quota/i.test(error.message))) {
    return { retry: false, message: `The account behind api-key has no quota left (429 insufficient_quota): check its plan and billing${said}` };
  }
  if (error.headers?.get('x-should-retry') === 'false') return { retry: false, message: `${endpoint} failed (${status}) and says not to retry${said}` };
  if (status === 429) return { retry: true, message: `Rate limited (429) by ${endpoint}${said}` };
  if (status === 408 || status === 409 || status >= 500) return { retry: true, message: `${endpoint} failed (${status})${said}` };
  return { retry: false, message: `${endpoint} rejected the request for model "${model}" (${status})${said}` };
}

function serverSaid(error: APIError): string {
  const inner = (error.error as { message?: unknown } | undefined)?.message;
  const text = typeof inner === 'string' ? inner : error.message.replace(/^\d{3}\s*/, '');
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat || /status code \(no body\)/.test(flat)) return '';
  return `. The server said: ${flat.length > 300 ? `${flat.slice(0, 300)}…` : flat}`;
}

function causeText(error: Error): string {
  const cause = error.cause as { message?: string; code?: string; cause?: { code?: string; message?: string } } | undefined;
  return cause?.cause?.code ?? cause?.code ?? cause?.cause?.message ?? cause?.message ?? error.message;
}

/** Never echo the key, even if a server puts it in an error message. */
function redact(message: string, apiKey: string): string {
  return apiKey.length >= 4 ? message.split(apiKey).join('***') : message;
}

/** Retry-After(-Ms) when the server sends it, else exponential backoff with jitter. */
export function retryDelay(failures: number, error: unknown, timing: RetryTiming): number {
  const headers = error instanceof APIError ? error.headers : undefined;
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const after = headers?.get('retry-after');
  if (after) {
    const seconds = Number.parseFloat(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  const backoff = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** (failures - 1));
  return backoff * (1 - Math.random() * 0.25);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('The classification was cancelled.'));
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(new Error('The classification was cancelled.'));
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * The request body, and what the endpoint turned out not to accept. Starts
 * with the most deterministic, most constrained request; each 400 that names
 * one of its parameters removes or swaps that one parameter (reasoning models
 * reject temperature and max_tokens; some servers reject max_completion_tokens,
 * maxItems or json_schema). Kept per classifier, so a batch learns once.
 */
export class RequestShape {
  temperature = true;
  tokenParam: 'max_completion_tokens' | 'max_tokens' | null = 'max_completion_tokens';
  private triedTokenParams = new Set<string>(['max_completion_tokens']);
  maxItems = true;
  format: 'json_schema' | 'json_object' | 'none' = 'json_schema';

  body(model: string, prompt: ChatPrompt, maxTags: number, maxOutput: number): ChatCompletionCreateParamsNonStreaming {
    const body: ChatCompletionCreateParamsNonStreaming = { model, messages: prompt.messages };
    if (this.format === 'json_schema') {
      body.response_format = this.maxItems ? prompt.responseFormat : responseFormat(prompt.names, maxTags, { maxItems: false });
    } else if (this.format === 'json_object') {
      body.response_format = { type: 'json_object' };
    }
    if (this.temperature) body.temperature = 0;
    if (this.tokenParam) body[this.tokenParam] = maxOutput;
    return body;
  }

  /** Drop or swap the parameter a 400 complains about; returns what changed, or null when it names none of ours. */
  adapt(error: APIError): string | null {
    const text = `${error.param ?? ''} ${error.message}`;
    if (this.format === 'json_schema' && this.maxItems && /maxItems/.test(text)) {
      this.maxItems = false;
      return 'maxItems in a response schema; retrying without it (the tag count is capped locally)';
    }
    const named = firstNamed(text, ['temperature', 'max_completion_tokens', 'max_tokens', 'response_format', 'json_schema']);
    if (named === 'temperature' && this.temperature) {
      this.temperature = false;
      return 'temperature 0; retrying with its default';
    }
    if ((named === 'max_tokens' || named === 'max_completion_tokens') && this.tokenParam === named) {
      const other = named === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
      this.tokenParam = this.triedTokenParams.has(other) ? null : other;
      if (this.tokenParam) this.triedTokenParams.add(this.tokenParam);
      return `${named}; retrying ${this.tokenParam ? `with ${this.tokenParam}` : 'without an output limit'}`;
    }
    if ((named === 'response_format' || named === 'json_schema') && this.format !== 'none') {
      this.format = this.format === 'json_schema' ? 'json_object' : 'none';
      return `this response format; retrying with ${this.format === 'json_object' ? 'JSON mode' : 'no response format'} (names are checked locally)`;
    }
    return null;
  }
}

/** The candidate that appears first in the text ("'max_tokens' is not supported ... use 'max_completion_tokens'" names max_tokens). */
function firstNamed(text: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let at = Infinity;
  for (const candidate of candidates) {
    const match = new RegExp(`(?<![A-Za-z_])${candidate}(?![A-Za-z_])`).exec(text);
    if (match && match.index < at) {
      best = candidate;
      at = match.index;
    }
  }
  return best;
}
