/**
 * Many READMEs through one classifier: bounded concurrency, results in input
 * order, a failed item recorded and the batch going on. Used by the CLI's
 * `batch` command and by the benchmark, so both measure the same path.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Classification, Classifier, Tag, Usage } from './classify/types.ts';
import { inert } from './log.ts';
import { parseReadme } from './readme.ts';
import { readReadmeFile } from './readme-load.ts';

/** One input line: the README as text, or a path to a README file. */
export interface BatchItem {
  id: string;
  readme?: string;
  path?: string;
  /** The repository's one-line description, when known (a signal, like the action's API description). */
  description?: string;
  /** The repository's primary language as GitHub reports it (`Python`, `C++`), when known. */
  language?: string;
  /** The repository as `owner/name`, when known: its name is evidence too. */
  repository?: string;
}

/** An input line that could not be understood (kept so its line still gets an output). */
export interface BadItem {
  id?: string;
  error: string;
}

export interface BatchOutcome {
  id: string;
  tags?: string[];
  error?: string;
  classification?: Classification;
  ms: number;
}

export interface BatchOptions {
  /** An array, or a stream of items read as workers need them (then give `total`). */
  items: Iterable<BatchItem | BadItem> | AsyncIterable<BatchItem | BadItem>;
  /** How many items a stream holds, for progress (default: the array's length). */
  total?: number;
  classifier: Classifier;
  vocabulary: Tag[];
  maxTags: number;
  concurrency?: number;
  /** Relative `path`s are resolved against this folder (default: the current directory). */
  baseDir?: string;
  /**
   * Called once per item, in input order, as soon as it and every item before
   * it are done. A returned promise is awaited before the next outcome is
   * handed over and before the worker that finished the item starts another:
   * a writer waiting for 'drain' holds the batch back (back-pressure).
   */
  onOutcome?: (outcome: BatchOutcome, index: number) => void | Promise<void>;
  /** Called after each item completes, in completion order. */
  onProgress?: (done: number, total: number, failed: number) => void;
  /**
   * Keep every outcome for the returned summary (default true). With false,
   * an outcome is dropped once onOutcome has seen it, so memory stays flat
   * however long the input is, and `outcomes` comes back empty.
   */
  retain?: boolean;
  /** Stops starting new items (items under way finish; their outcomes are not handed over). */
  signal?: AbortSignal;
}

export interface BatchSummary {
  outcomes: BatchOutcome[];
  /** Items run (fewer than given when `signal` stopped the batch). */
  done: number;
  failed: number;
  usage: Usage;
}

/** Parse JSONL input text into items; a bad line becomes a BadItem so numbering stays aligned. */
export function parseBatchInput(text: string): Array<BatchItem | BadItem> {
  const items: Array<BatchItem | BadItem> = [];
  text.split('\n').forEach((raw, index) => {
    const item = parseBatchLine(raw, index + 1);
    if (item) items.push(item);
  });
  return items;
}

/** One JSONL line as an item, a BadItem when it cannot be understood, or undefined when it is blank. */
export function parseBatchLine(raw: string, lineNo: number): BatchItem | BadItem | undefined {
  const line = raw.trim();
  if (!line) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { error: `line ${lineNo}: not valid JSON (${(error as Error).message})` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { error: `line ${lineNo}: expected an object like {"id":"1","readme":"..."} or {"id":"1","path":"README.md"}` };
  }
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : undefined;
  if (id === undefined) return { error: `line ${lineNo}: "id" (a string or number) is missing` };
  const context = itemContext(record);
  if (typeof record.readme === 'string') return { id, readme: record.readme, ...context };
  if (typeof record.path === 'string' && record.path) return { id, path: record.path, ...context };
  return { id, error: `line ${lineNo}: give "readme" (the text) or "path" (a file)` };
}

/** The lines of a text stream, split at `\n` only (as parseBatchInput splits), one at a time. */
export async function* textLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let pending: string[] = [];
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      pending.push(chunk.slice(start, end));
      yield pending.join('');
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
  }
  if (pending.length) yield pending.join('');
}

/** Items from JSONL lines, read as they are needed (numbered as parseBatchInput numbers them). */
export async function* batchItems(lines: AsyncIterable<string>): AsyncGenerator<BatchItem | BadItem> {
  let lineNo = 0;
  for await (const line of lines) {
    const item = parseBatchLine(line, ++lineNo);
    if (item) yield item;
  }
}

/** The optional signals beside the README: a string `description` and `language`, anything else ignored. */
function itemContext(record: Record<string, unknown>): Pick<BatchItem, 'description' | 'language' | 'repository'> {
  const context: Pick<BatchItem, 'description' | 'language' | 'repository'> = {};
  if (typeof record.description === 'string' && record.description.trim()) context.description = record.description;
  if (typeof record.language === 'string' && record.language.trim()) context.language = record.language;
  if (typeof record.repository === 'string' && record.repository.trim()) context.repository = record.repository;
  return context;
}

/** Stands in for an outcome already handed to onOutcome when outcomes are not retained. */
const DONE: BatchOutcome = Object.freeze({ id: '', ms: 0 });

export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const stream = Symbol.asyncIterator in options.items ? (options.items as AsyncIterable<BatchItem | BadItem>) : undefined;
  const array = stream ? undefined : [...(options.items as Iterable<BatchItem | BadItem>)];
  const source: AsyncIterator<BatchItem | BadItem> | Iterator<BatchItem | BadItem> = array ? array.values() : stream![Symbol.asyncIterator]();
  let total = array ? array.length : (options.total ?? 0);
  const outcomes: BatchOutcome[] = [];
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, array ? total || 1 : Infinity));
  let exhausted = false;
  const usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  let next = 0;
  let done = 0;
  let failed = 0;
  let emitted = 0;

  const retain = options.retain ?? true;
  // One chain hands outcomes over, so they stay in input order even when onOutcome waits.
  let handing: Promise<void> = Promise.resolve();
  const emitReady = () =>
    (handing = handing.then(async () => {
      while (outcomes[emitted] && !options.signal?.aborted) {
        const index = emitted++;
        await options.onOutcome?.(outcomes[index], index);
        if (!retain) outcomes[index] = DONE;
      }
    }));

  const runOne = async (item: BatchItem | BadItem): Promise<BatchOutcome> => {
    const started = performance.now();
    const id = item.id ?? '';
    if ('error' in item) return { id, error: item.error, ms: 0 };
    try {
      const readme =
        item.readme ??
        (
          await readReadmeFile(isAbsolute(item.path!) ? item.path! : resolve(options.baseDir ?? process.cwd(), item.path!), `item ${inert(JSON.stringify(id))}: ${inert(item.path)}`, {
            notRegularHint: 'give its text as "readme" instead',
          })
        ).text;
      const classification = await options.classifier.classify({
        readme,
        doc: parseReadme(readme),
        vocabulary: options.vocabulary,
        maxTags: options.maxTags,
        ...(item.description !== undefined ? { description: item.description } : {}),
        ...(item.language !== undefined ? { language: item.language } : {}),
        ...(item.repository !== undefined ? { repository: item.repository } : {}),
      });
      return { id, tags: classification.tags.map((t) => t.name), classification, ms: performance.now() - started };
    } catch (error) {
      return { id, error: (error as Error).message, ms: performance.now() - started };
    }
  };

  const worker = async () => {
    while (!exhausted && !options.signal?.aborted) {
      // Indexes are taken in call order, and an async generator answers calls in call order.
      const index = next++;
      const pulled = await source.next();
      if (pulled.done) {
        exhausted = true;
        break;
      }
      if (index >= total) total = index + 1;
      const outcome = await runOne(pulled.value);
      outcomes[index] = outcome;
      done++;
      if (outcome.error !== undefined) failed++;
      const u = outcome.classification?.usage;
      if (u) {
        usage.promptTokens += u.promptTokens;
        usage.completionTokens += u.completionTokens;
        usage.totalTokens += u.totalTokens;
      }
      options.onProgress?.(done, total, failed);
      await emitReady();
      // The offline classifier never waits: yield, so output errors, 'drain' and signals are heard between items.
      await new Promise((resolveTurn) => setImmediate(resolveTurn));
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  return { outcomes: retain ? outcomes : [], done, failed, usage };
}
