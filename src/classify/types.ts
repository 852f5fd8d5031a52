/**
 * The one contract every classifier shares. Pure types: nothing here imports
 * from @actions/* or any SDK.
 */
import type { ReadmeDoc } from '../readme.ts';

/** One entry of the vocabulary, after parsing and normalisation (see tags.ts). */
export interface Tag {
  /** The name as the user wrote it, trimmed. This is what comes out in outputs. */
  name: string;
  /** The name as a GitHub topic (lowercase, [a-z0-9-], <= 50 chars), or null when it cannot be one. */
  topic: string | null;
  /** The user's id, when the vocabulary has ids (the seed's `{"id":77,"name":"3d"}`). */
  id?: string | number;
  /** Free text saying what the tag means; extends the classifiers' knowledge. */
  description?: string;
  /** Other words or phrases that signal this tag. */
  aliases?: string[];
}

export interface ClassifyRequest {
  /** The README text as read (not yet cleaned). */
  readme: string;
  /**
   * The README parsed, `parseReadme(readme)`: the pipeline parses it once and
   * hands it on, so that cleaning, offline scoring and the LLM prompt share
   * one parse. Parsed from `readme` when absent.
   */
  doc?: ReadmeDoc;
  /** The vocabulary, already validated: non-empty, unique names. */
  vocabulary: Tag[];
  /** At most this many tags (1..20). */
  maxTags: number;
  /** The repository's one-line description from the API, when known. */
  description?: string;
  /** The repository's primary language as GitHub reports it (`Python`, `C++`, `Jupyter Notebook`), when known. */
  language?: string;
  /** Repository `owner/name`, when known (context only, never a rule). */
  repository?: string;
  /** Aborts an in-flight classification (batch cancellation). */
  signal?: AbortSignal;
}

/** One chosen tag. `name` is always exactly a vocabulary entry's `name`. */
export interface TagChoice {
  name: string;
  /** Provider-specific confidence; higher is better. Offline: a relative score in 0..1. */
  score?: number;
  /** A short human reason (evidence phrase, or the model's words). */
  reason?: string;
}

export interface Usage {
  promptTokens: number;
  /** Output tokens billed, reasoning tokens included. */
  completionTokens: number;
  totalTokens: number;
  /**
   * The part of completionTokens the model spent reasoning, only when the API
   * reported it (`completion_tokens_details.reasoning_tokens`); absent otherwise.
   */
  reasoningTokens?: number;
}

export interface Classification {
  /** Best first, de-duplicated, at most maxTags, vocabulary names only. */
  tags: TagChoice[];
  /** `offline` or `openai`. */
  provider: string;
  /** Model used (LLM providers); the offline classifier reports its own version string. */
  model?: string;
  /** Token usage as the API reported it (LLM providers only). */
  usage?: Usage;
  /** Things the user should see as warnings (e.g. names the model invented and were dropped). */
  warnings: string[];
}

export interface Classifier {
  readonly provider: string;
  readonly model?: string;
  classify(request: ClassifyRequest): Promise<Classification>;
}

/** Where providers send what the user should see. The action maps it to @actions/core, the CLI to stderr. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = { info() {}, warning() {}, debug() {} };
