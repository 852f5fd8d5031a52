/**
 * Many READMEs through one classifier: bounded concurrency, results in input
 * order, a failed item recorded and the batch going on. Used by the CLI's
 * `batch` command and by the benchmark, so both measure the same path.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Classification, Classifier, Tag, Usage } from './classify/types.ts';
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
  items: Iterable<BatchItem | BadItem>;
  classifier: Classifier;
  vocabulary: Tag[];
  maxTags: number;
  concurrency?: number;
  /** Relative `path`s are resolved against this folder (default: the current directory). */
  baseDir?: string;
  /** Called once per item, in input order, as soon as it and every item before it are done. */
  onOutcome?: (outcome: BatchOutcome, index: number) => void;
  /** Called after each item completes, in completion order. */
  onProgress?: (done: number, total: number, failed: number) => void;
  /**
   * Keep every outcome for the returned summary (default true). With false,
   * an outcome is dropped once onOutcome has seen it, so memory stays flat
   * however long the input is, and `outcomes` comes back empty.
   */
  retain?: boolean;
  /** Stops starting new items (items under way finish). */
  signal?: AbortSignal;
}

export interface BatchSummary {
  outcomes: BatchOutcome[];
  failed: number;
  usage: Usage;
}

/** Parse JSONL input text into items; a bad line becomes a BadItem so numbering stays aligned. */
export function parseBatchInput(text: string): Array<BatchItem | BadItem> {
  const items: Array<BatchItem | BadItem> = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const lineNo = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      items.push({ error: `line ${lineNo}: not valid JSON (${(error as Error).message})` });
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      items.push({ error: `line ${lineNo}: expected an object like {"id":"1","readme":"..."} or {"id":"1","path":"README.md"}` });
      return;
    }
    const record = value as Record<string, unknown>;
    const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : undefined;
    if (id === undefined) {
      items.push({ error: `line ${lineNo}: "id" (a string or number) is missing` });
      return;
    }
    const context = itemContext(record);
    if (typeof record.readme === 'string') items.push({ id, readme: record.readme, ...context });
    else if (typeof record.path === 'string' && record.path) items.push({ id, path: record.path, ...context });
    else items.push({ id, error: `line ${lineNo}: give "readme" (the text) or "path" (a file)` });
  });
  return items;
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
  const items = [...options.items];
  const total = items.length;
  const outcomes: BatchOutcome[] = new Array(total);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, total || 1));
  const usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  let next = 0;
  let done = 0;
  let failed = 0;
  let emitted = 0;

  const retain = options.retain ?? true;
  const emitReady = () => {
    while (emitted < total && outcomes[emitted]) {
      options.onOutcome?.(outcomes[emitted], emitted);
      if (!retain) outcomes[emitted] = DONE;
      emitted++;
    }
  };

  const runOne = async (item: BatchItem | BadItem): Promise<BatchOutcome> => {
    const started = performance.now();
    const id = item.id ?? '';
    if ('error' in item) return { id, error: item.error, ms: 0 };
    try {
      const readme =
        item.readme ??
        (await readReadmeFile(isAbsolute(item.path!) ? item.path! : resolve(options.baseDir ?? process.cwd(), item.path!), `item ${JSON.stringify(id)}: ${item.path}`)).text;
      const classification = await options.classifier.classify({
        readme,
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
    while (next < total && !options.signal?.aborted) {
      const index = next++;
      const outcome = await runOne(items[index]);
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
      emitReady();
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  return { outcomes: retain ? outcomes : [], failed, usage };
}
