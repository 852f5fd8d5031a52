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
import type OpenAI from 'openai';
import type { APIError } from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { selectTags } from './parse.ts';
import { buildPrompt, estimateRequestTokens, readReply, responseFormat, type ChatPrompt } from './prompt.ts';
import { silentLogger, type Classification, type Classifier, type ClassifyRequest, type Logger, type Usage } from './types.ts';
import { addSecret, inert, inertList, redact } from '../log.ts';

/**
 * The SDK, loaded by the first request: it is a fifth of the bundles, and runs with the offline
 * provider (most of them) never parse it. Its error classes are read from here once it is loaded;
 * before that no error can come from it.
 */
let sdk: typeof import('openai') | undefined;
const loadSdk = async () => (sdk ??= await import('openai'));
const isApiError = (error: unknown): error is APIError => sdk !== undefined && error instanceof sdk.APIError;

/**
 * gpt-5.6-luna: what OpenAI recommends for new cost-sensitive, high-volume
 * work such as classification (July 2026; "roughly the nano tier"); strict
 * structured outputs; $0.20 / $1.20 per million input / output tokens on its
 * model page (read 2026-11-29), about $0.00036 a README (README.md, "Cost per
 * README"). Its own default reasoning effort is medium, so readme-tagger sends
 * reasoning_effort "none" unless told otherwise (DEFAULT_REASONING_EFFORT).
 */
export const DEFAULT_MODEL = 'gpt-5.6-luna';
/**
 * The reasoning-effort input's values: sent as `reasoning_effort`, except
 * `default`, which sends nothing and leaves the model at its own default.
 */
export const REASONING_EFFORTS = ['none', 'low', 'medium', 'high', 'default'] as const;
export type ReasoningEffortChoice = (typeof REASONING_EFFORTS)[number];
/** Sent explicitly, so the cost per README does not depend on the model's own default (medium for gpt-5.6-luna). */
export const DEFAULT_REASONING_EFFORT: ReasoningEffortChoice = 'none';
/** README budget: the whole seed request (README + 90 tags + schema) stays under about 1,500 tokens. */
export const DEFAULT_MAX_README_TOKENS = 1500;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_RETRY: RetryTiming = { baseDelayMs: 1000, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };
/** A reply body (success or error, streamed or not) larger than this fails: a chat completion with a few tags is a few KiB. */
export const MAX_REPLY_BYTES = 1024 * 1024;

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
  /** Sent as reasoning_effort (`default`: not sent). Default: none. */
  reasoningEffort?: ReasoningEffortChoice;
}

/** Output tokens for the answer itself: a tag with its reason is ~25 tokens; the rest is headroom. */
const answerBudget = (maxTags: number) => 512 + 64 * maxTags;
/**
 * Room for hidden reasoning on top of the answer, which the completion cap
 * must leave or a long think ends with finish_reason "length" and no JSON.
 * `default` gets medium's room: most reasoning models default to medium.
 */
export const REASONING_ROOM: Readonly<Record<ReasoningEffortChoice, number>> = { none: 0, low: 4_000, medium: 12_000, high: 24_000, default: 12_000 };
/** The cap never goes above this (OpenAI's current small models allow 128,000 output tokens). */
export const MAX_COMPLETION_CAP = 100_000;
/** A reply cut off at the cap is asked for once more with a cap this many times larger. */
const CAP_GROWTH = 4;
/** How many times a request may be reshaped after a 400 naming one of its parameters. */
const MAX_ADAPTATIONS = 5;

export function createOpenAIClassifier(options: OpenAIOptions): Classifier {
  const apiKey = options.apiKey?.trim();
  if (!apiKey) throw new Error('The openai provider needs an API key: set the api-key input (the CLI also reads --api-key or OPENAI_API_KEY).');
  // Callers register it when they read it; again here, so no message from this provider can carry it.
  addSecret(apiKey);
  const model = options.model?.trim();
  if (!model) throw new Error(`The openai provider needs a model: set the model input (e.g. ${DEFAULT_MODEL}, or your Azure deployment name).`);
  const baseURL = options.baseURL?.trim() || undefined;
  if (baseURL && !/^https?:\/\/[^\s/]+/i.test(baseURL)) {
    throw new Error(`base-url "${inert(baseURL)}" is not an http(s) URL; e.g. https://RESOURCE.openai.azure.com/openai/v1 or http://localhost:11434/v1.`);
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
  const sdkOptions: ConstructorParameters<typeof OpenAI>[0] = {
    apiKey,
    baseURL,
    maxRetries: 0,
    timeout: timeoutMs,
    fetch: capReplyBody(MAX_REPLY_BYTES),
    logLevel: 'warn',
    logger: { error: (m) => logger.debug(`openai sdk: ${inert(m)}`), warn: (m) => logger.debug(`openai sdk: ${inert(m)}`), info() {}, debug() {} },
  };
  let client: Promise<OpenAI> | undefined;
  const shape = new RequestShape(options.reasoningEffort ?? DEFAULT_REASONING_EFFORT);
  return {
    provider: 'openai',
    model,
    classify: async (request) => classify(await (client ??= loadSdk().then((m) => new m.default(sdkOptions))), shape, settings, { ...options, maxReadmeTokens }, request),
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
    readme: request.doc ?? request.readme,
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
  let capScale = 1;
  let problem = '';
  let cutOff = false;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const completion = await callWithRetries(client, shape, settings, prompt, request, capScale);
    const reasoning = completion.usage?.completion_tokens_details?.reasoning_tokens;
    if (completion.usage) {
      reported = true;
      usage.promptTokens += completion.usage.prompt_tokens ?? 0;
      usage.completionTokens += completion.usage.completion_tokens ?? 0;
      usage.totalTokens += completion.usage.total_tokens ?? 0;
      if (typeof reasoning === 'number' && Number.isFinite(reasoning)) usage.reasoningTokens = (usage.reasoningTokens ?? 0) + reasoning;
    }
    const choice = completion.choices?.[0];
    const reading = choice?.message?.refusal ? ({ ok: false, problem: `the model refused: ${inert(choice.message.refusal)}` } as const) : readReply(choice?.message?.content);
    if (reading.ok) {
      const { tags, dropped } = selectTags(reading.candidates, request.vocabulary, request.maxTags);
      if (tags.length > 0 || reading.candidates.length === 0) {
        if (dropped.length) warnings.push(`The model named ${dropped.length.toLocaleString('en-US')} tags that are not in the vocabulary; dropped: ${inertList(dropped)}.`);
        if (tags.length === 0) warnings.push('The model chose no tag from the vocabulary for this README.');
        if (shape.format !== 'json_schema') warnings.push(`${model} did not accept a strict response schema; its reply was checked against the vocabulary locally.`);
        return { tags, provider: 'openai', model, usage: reported ? usage : undefined, warnings };
      }
      problem = `every name in the reply is outside the vocabulary (${inertList(dropped)})`;
    } else {
      problem = reading.problem;
    }
    // Cut off by the completion cap: said as that, not as a bad reply, and asked again with more room.
    const cap = shape.completionCap(request.maxTags, capScale);
    cutOff = choice?.finish_reason === 'length' || (cap !== null && typeof reasoning === 'number' && reasoning >= cap);
    if (cutOff) {
      const spent = typeof reasoning === 'number' ? `, ${reasoning} of them reasoning` : '';
      problem = `the reply was cut off at the completion cap (${cap === null ? "the server's own output limit" : `${cap} output tokens`}${spent}) before its JSON was complete`;
      capScale *= CAP_GROWTH;
    }
    if (attempt === 1) {
      const more = cutOff && cap !== null ? ` with a cap of ${shape.completionCap(request.maxTags, capScale)} output tokens` : '';
      logger.warning(`${model} gave an unusable reply: ${problem}; asking once more${more}.`);
    }
  }
  if (cutOff) {
    const effort = shape.reasoningEffort;
    const now = shape.effortRejected
      ? 'it rejected reasoning_effort, so it reasons at its own default'
      : effort === 'default'
        ? 'reasoning-effort is default, so it reasons at its own default'
        : `reasoning-effort is ${effort}`;
    throw new Error(
      `${model} used up its output tokens in both replies: ${problem}. Its hidden reasoning counts against the cap (${now}): set the reasoning-effort input (the CLI: --reasoning-effort) to none or low, which is enough to pick tags, or choose a model that reasons less.`,
    );
  }
  throw new Error(`${model} gave no usable tags in two replies: ${problem}. Try another model (model input), or check that base-url serves an OpenAI-compatible API with structured outputs.`);
}

/** One chat completion, with retries on transient failures and reshaping after a 400 that names a parameter. */
async function callWithRetries(client: OpenAI, shape: RequestShape, settings: CallSettings, prompt: ChatPrompt, request: ClassifyRequest, capScale: number): Promise<ChatCompletion> {
  const { logger, model, maxRetries } = settings;
  let failures = 0;
  let adaptations = 0;
  for (;;) {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      const body = shape.body(model, prompt, request.maxTags, capScale);
      const completion: unknown = await client.chat.completions.create(body, { signal, timeout: settings.timeoutMs, maxRetries: 0 });
      if (!completion || typeof completion !== 'object') {
        throw new ReplyShapeError(`answered with ${typeof completion === 'string' ? `text, not JSON (${inert(completion, 80)})` : 'nothing'}`);
      }
      return completion as ChatCompletion;
    } catch (caught) {
      if (request.signal?.aborted) throw new Error('The classification was cancelled.', { cause: caught });
      const error = timeout.aborted && !(isApiError(caught) && caught.status) ? new sdk!.APIConnectionTimeoutError() : caught;
      if (isApiError(error) && (error.status === 400 || error.status === 422) && adaptations < MAX_ADAPTATIONS) {
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
        throw new Error(redact(`${verdict.message}${verdict.retry ? tries : ''}`), { cause: error });
      }
      const wait = retryDelay(failures, error, settings.retry);
      if (wait > settings.retry.maxRetryAfterMs) {
        throw new Error(redact(`${verdict.message}; the server asks to wait ${Math.ceil(wait / 1000)} s before retrying, longer than this run waits. Try again later.`), { cause: error });
      }
      /* eslint-enable preserve-caught-error */
      logger.info(redact(`${verdict.message}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${failures + 1} of ${maxRetries + 1}).`));
      await sleep(wait, request.signal);
    }
  }
}

class ReplyShapeError extends Error {}

/** A reply body over MAX_REPLY_BYTES (raised while the SDK reads it). */
class ReplyTooLargeError extends Error {}

/**
 * The SDK's `fetch`, with every reply body capped: a declared Content-Length
 * over `limit` fails before reading, and a body that grows past it (chunked,
 * streamed) fails at the byte that crosses it, so memory stays bounded.
 */
function capReplyBody(limit: number): typeof fetch {
  const tooLarge = () => new ReplyTooLargeError(`the reply is larger than ${limit.toLocaleString('en-US')} bytes`);
  return async (input, init) => {
    const response = await fetch(input, init);
    const declared = Number(response.headers.get('content-length') ?? '');
    if (Number.isFinite(declared) && declared > limit) {
      await response.body?.cancel().catch(() => {});
      throw tooLarge();
    }
    if (!response.body) return response;
    let seen = 0;
    const capped = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > limit) controller.error(tooLarge());
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(capped, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** The error, or an error in its cause chain, that is a ReplyTooLargeError. */
function tooLargeIn(error: unknown): ReplyTooLargeError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ReplyTooLargeError) return e;
  }
  return undefined;
}

interface Verdict {
  retry: boolean;
  message: string;
}

/** What an error means for the user, and whether another attempt could help. */
function judge(error: unknown, settings: CallSettings): Verdict {
  const { model, endpoint } = settings;
  const within = settings.timeoutMs < 1000 ? `${settings.timeoutMs} ms` : `${Math.round(settings.timeoutMs / 1000)} s`;
  if (tooLargeIn(error)) {
    return {
      retry: false,
      message: `The reply from ${endpoint} is larger than ${MAX_REPLY_BYTES.toLocaleString('en-US')} bytes (1 MiB), far more than a list of tags; check that base-url serves an OpenAI-compatible chat completions API`,
    };
  }
  if (sdk && (error instanceof sdk.APIConnectionTimeoutError || error instanceof sdk.APIUserAbortError)) return { retry: true, message: `No reply from ${endpoint} within ${within}` };
  if (sdk && error instanceof sdk.APIConnectionError) {
    return { retry: true, message: `The connection to ${endpoint} failed (${inert(causeText(error), 200)}); check base-url and that the server is running` };
  }
  if (error instanceof ReplyShapeError) return { retry: true, message: `${endpoint} ${error.message}` };
  if (!isApiError(error)) {
    // A reply cut off mid-body, or a body that was not the JSON its headers promised.
    return { retry: true, message: `The reply from ${endpoint} could not be read (${inert((error as Error)?.message ?? String(error), 200)})` };
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
  // inert() redacts before it cuts: a key quoted near the cut cannot leave a part of itself behind.
  return `. The server said: ${inert(flat, 300)}`;
}

function causeText(error: Error): string {
  const cause = error.cause as { message?: string; code?: string; cause?: { code?: string; message?: string } } | undefined;
  return cause?.cause?.code ?? cause?.code ?? cause?.cause?.message ?? cause?.message ?? error.message;
}

/** Retry-After(-Ms) when the server sends it, else exponential backoff with jitter. */
export function retryDelay(failures: number, error: unknown, timing: RetryTiming): number {
  const headers = isApiError(error) ? error.headers : undefined;
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
 * maxItems or json_schema; older models and some servers reject
 * reasoning_effort). Kept per classifier, so a batch learns once.
 */
export class RequestShape {
  /** What is sent as reasoning_effort; `default` sends nothing. */
  reasoningEffort: ReasoningEffortChoice;
  /** True once the endpoint rejected reasoning_effort (and it is no longer sent). */
  effortRejected = false;
  temperature = true;
  tokenParam: 'max_completion_tokens' | 'max_tokens' | null = 'max_completion_tokens';
  private triedTokenParams = new Set<string>(['max_completion_tokens']);
  maxItems = true;
  format: 'json_schema' | 'json_object' | 'none' = 'json_schema';

  constructor(reasoningEffort: ReasoningEffortChoice = DEFAULT_REASONING_EFFORT) {
    this.reasoningEffort = reasoningEffort;
  }

  /**
   * The completion cap sent (null when the endpoint took no cap): the answer's
   * budget plus room for the effort's reasoning, times `scale` after a cut-off.
   */
  completionCap(maxTags: number, scale = 1): number | null {
    if (!this.tokenParam) return null;
    return Math.min(MAX_COMPLETION_CAP, (answerBudget(maxTags) + REASONING_ROOM[this.reasoningEffort]) * scale);
  }

  body(model: string, prompt: ChatPrompt, maxTags: number, capScale = 1): ChatCompletionCreateParamsNonStreaming {
    const body: ChatCompletionCreateParamsNonStreaming = { model, messages: prompt.messages };
    if (this.format === 'json_schema') {
      body.response_format = this.maxItems ? prompt.responseFormat : responseFormat(prompt.names, maxTags, { maxItems: false });
    } else if (this.format === 'json_object') {
      body.response_format = { type: 'json_object' };
    }
    if (this.reasoningEffort !== 'default') body.reasoning_effort = this.reasoningEffort;
    // Reasoning models take temperature only at effort none; with default it is tried, and dropped if rejected.
    if (this.temperature && (this.reasoningEffort === 'none' || this.reasoningEffort === 'default')) body.temperature = 0;
    const cap = this.completionCap(maxTags, capScale);
    if (this.tokenParam && cap !== null) body[this.tokenParam] = cap;
    return body;
  }

  /** Drop or swap the parameter a 400 complains about; returns what changed, or null when it names none of ours. */
  adapt(error: APIError): string | null {
    const text = `${error.param ?? ''} ${error.message}`;
    if (this.format === 'json_schema' && this.maxItems && /maxItems/.test(text)) {
      this.maxItems = false;
      return 'maxItems in a response schema; retrying without it (the tag count is capped locally)';
    }
    const named = firstNamed(text, ['temperature', 'max_completion_tokens', 'max_tokens', 'response_format', 'json_schema', 'reasoning_effort']);
    if (named === 'reasoning_effort' && this.reasoningEffort !== 'default') {
      const rejected = this.reasoningEffort;
      this.reasoningEffort = 'default';
      this.effortRejected = true;
      return `reasoning_effort "${rejected}"; retrying without it (the model reasons at its own default effort, and the completion cap leaves room for that)`;
    }
    // A request of a batch that was in flight when another one learned this: retried the same way.
    if (named === 'reasoning_effort' && this.effortRejected) return 'reasoning_effort; retrying without it';
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
