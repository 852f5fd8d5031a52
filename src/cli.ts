#!/usr/bin/env node
/**
 * `readme-tagger`: the command-line entry over the same core as the action.
 *   readme-tagger classify [FILE|-] --tags FILE_OR_LIST [options]
 *   readme-tagger batch --tags FILE --input items.jsonl [--output out.jsonl] [options]
 *   readme-tagger repos PATTERN... --tags FILE_OR_LIST [--topics MODE] [--dry-run] [options]
 */
import { existsSync, statSync } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkoutLanguages } from './checkout-language.ts';
import { createClassifier, resolveProvider } from './classify/index.ts';
import { DEFAULT_MAX_README_TOKENS, DEFAULT_MODEL, DEFAULT_REASONING_EFFORT } from './classify/openai.ts';
import type { Classifier, Logger } from './classify/types.ts';
import { batchItems, runBatch, textLines } from './batch.ts';
import type { KnowledgeBase } from './classify/offline/knowledge.ts';
import { knowledgeFromText } from './classify/offline/user-knowledge.ts';
import { baseUrlCredentials, knowledgeFormat, parseMaxTags, parsePositiveInt, parseProviderChoice, parseReasoningEffort, parseTopicsMode, vocabularyFormat } from './options.ts';
import { resultObject } from './result.ts';
import { addSecret, guardLine, inert } from './log.ts';
import { parseReadme } from './readme.ts';
import { loadReadme, MAX_README_BYTES, openRegularFile, readRegularFile, type OpenedFile } from './readme-load.ts';
import { MAX_VOCABULARY, MAX_VOCABULARY_BYTES, parseVocabulary, type Vocabulary } from './tags.ts';
import { parsePatterns } from './fleet/patterns.ts';
import { reposCommand } from './fleet/command.ts';
import { DEFAULT_MAX_WRITES } from './fleet/run.ts';
import type { FleetClient } from './fleet/gate.ts';

const VERSION = '0.1.0';
/** What to do with a pipe or device given as a path: standard input is the one way to read a stream. */
const STREAM_HINT = 'to read a pipe or a device, give it on standard input: readme-tagger classify - < PATH';

const USAGE = `readme-tagger ${VERSION}: tag a README with names from your vocabulary.

Usage:
  readme-tagger classify [FILE|-] --tags FILE_OR_LIST [options]
      Prints {"id":...,"tags":[...]} as one JSON line. FILE defaults to the
      README of the current directory; - reads standard input.
  readme-tagger batch --tags FILE --input ITEMS.jsonl [--output OUT.jsonl] [options]
      Each input line is {"id","readme"} (text) or {"id","path"} (a file,
      relative to the input file's folder), optionally with the repository's
      "description", "repository" (owner/name) and primary "language" (as
      GitHub names it: "Python", "C++"). Writes one {"id","tags"} line per
      item in input order ({"id","error"} for an item that failed); progress
      on stderr; exits 1 when any item failed.
  readme-tagger repos PATTERN... --tags FILE_OR_LIST [--topics off|merge|sync]
                     [--dry-run] [--include-forks] [--max-writes N] [--output REPORT.jsonl]
      Tags every repository the patterns match: owner/name, owner/*, owner/glob-*;
      '!owner/legacy-*' excludes. Token from GITHUB_TOKEN or GH_TOKEN; API from
      GITHUB_API_URL and GITHUB_GRAPHQL_URL. One JSONL report line per
      repository; progress on stderr; exits 1 when a repository failed, an
      owner could not be read or GitHub stopped answering (0 when a rate
      limit or an expired token stopped the run: run again to continue).

Options:
  --tags FILE_OR_LIST       vocabulary: a .json/.yml/.yaml/.txt file, or a JSON
                            array or comma-separated list given inline
  --max-tags N              at most N tags (1-20, default 3)
  --id ID                   echoed into the result object (classify)
  --language NAME           classify: the repository's primary language as GitHub
                            names it (Python, C++); default: counted from the
                            current directory's files when the README is in it
  --description TEXT        classify: the repository's description (evidence)
  --provider P              auto (default), offline or openai
  --api-key KEY             key for openai (default: $OPENAI_API_KEY)
  --model NAME              model or Azure deployment (default ${DEFAULT_MODEL})
  --base-url URL            any OpenAI-compatible endpoint
  --instructions TEXT       extra guidance for the model
  --max-readme-tokens N     README budget sent to the model (default ${DEFAULT_MAX_README_TOKENS})
  --reasoning-effort E      none, low, medium, high, or default: send nothing,
                            the model uses its own (default ${DEFAULT_REASONING_EFFORT})
  --knowledge FILE          offline: a .json/.yml file of knowledge entries that
                            add topics or override built-in ones (see README)
  --concurrency N           batch, repos: READMEs classified at once (default 4)
  --topics MODE             repos: off (default), merge or sync
  --dry-run                 repos: compute and report everything, write nothing
  --include-forks           repos: tag forks too (skipped by default)
  --max-writes N            repos: at most N topic writes per run, the rest
                            pending (default ${DEFAULT_MAX_WRITES}; 0: no limit)
  --explain                 classify: print each tag's score and reason on stderr
  -h, --help                this help
  -v, --version             the version
`;

/** The command line was wrong (exit 2): a missing flag, or a flag's value that did not validate. */
class UsageError extends Error {}

function option<T>(parse: () => T): T;
function option<T>(parse: () => Promise<T>): Promise<T>;
function option<T>(parse: () => T | Promise<T>): T | Promise<T> {
  const wrap = (error: unknown) => {
    throw new UsageError((error as Error).message, { cause: error });
  };
  try {
    const value = parse();
    return value instanceof Promise ? value.catch(wrap) : value;
  } catch (error) {
    return wrap(error);
  }
}

/** Every line the CLI writes to stderr: one inert, bounded, redacted line (guardLine), like the action's log. */
function stderrLine(message: string): void {
  process.stderr.write(`${guardLine(`readme-tagger: ${message}`)}\n`);
}

const stderrLogger: Logger = {
  info: (m) => stderrLine(m),
  warning: (m) => stderrLine(`warning: ${m}`),
  debug: () => {},
};

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        tags: { type: 'string' },
        'max-tags': { type: 'string' },
        id: { type: 'string' },
        language: { type: 'string' },
        description: { type: 'string' },
        provider: { type: 'string' },
        'api-key': { type: 'string' },
        model: { type: 'string' },
        'base-url': { type: 'string' },
        instructions: { type: 'string' },
        'max-readme-tokens': { type: 'string' },
        'reasoning-effort': { type: 'string' },
        knowledge: { type: 'string' },
        input: { type: 'string' },
        output: { type: 'string' },
        concurrency: { type: 'string' },
        explain: { type: 'boolean' },
        topics: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'include-forks': { type: 'boolean' },
        'max-writes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    if (command === 'classify') return await classifyCommand(values, rest);
    if (command === 'batch') return await batchCommand(values, rest);
    if (command === 'repos') return await fleetCommand(values, rest);
    throw new UsageError(`unknown command ${JSON.stringify(command)}: use classify, batch or repos (see --help).`);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    stderrLine(`error: ${error instanceof Error ? error.message : inert(error)}`);
    return 1;
  }
}

type Values = Record<string, string | boolean | undefined>;

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function usageError(message: string): number {
  stderrLine(message);
  process.stderr.write('Run readme-tagger --help for usage.\n');
  return 2;
}

async function loadVocabulary(values: Values): Promise<Vocabulary> {
  const tags = str(values, 'tags');
  if (!tags) throw new UsageError('--tags is required: a vocabulary file (.json, .yml, .yaml, .txt) or an inline list such as "database,cli".');
  let vocabulary: Vocabulary;
  if (existsSync(tags) && !statSync(tags).isDirectory()) {
    const label = `--tags ${inert(tags)}`;
    // A regular file only (a FIFO would block), at most MAX_VOCABULARY_BYTES.
    const file = await option(() => readRegularFile(tags, { label, maxBytes: MAX_VOCABULARY_BYTES, notRegularHint: 'give a vocabulary file or an inline list.' }));
    if (file.truncated) throw new UsageError(`${label} is larger than ${MAX_VOCABULARY_BYTES / 1024 / 1024} MiB: a vocabulary holds at most ${MAX_VOCABULARY} tags; trim the file.`);
    const text = new TextDecoder('utf-8').decode(file.bytes);
    vocabulary = option(() => parseVocabulary(text, label, vocabularyFormat(tags, '--tags')));
  } else if (/\.(json|ya?ml|txt)$/i.test(tags) && !/[,\n[]/.test(tags)) {
    throw new UsageError(`--tags ${inert(tags)}: no such file.`);
  } else {
    vocabulary = option(() => parseVocabulary(tags, '--tags'));
  }
  for (const w of vocabulary.warnings) stderrLogger.warning(w);
  return vocabulary;
}

/** `--knowledge FILE`: a user's knowledge entries, checked like the built-in ones (a mistake is a usage error naming the entry). */
async function loadKnowledge(values: Values): Promise<KnowledgeBase | undefined> {
  const path = str(values, 'knowledge');
  if (path === undefined) return undefined;
  const format = option(() => knowledgeFormat(path, '--knowledge'));
  const label = `--knowledge ${inert(path)}`;
  if (!existsSync(path)) throw new UsageError(`${label}: no such file.`);
  // A regular file only (a FIFO would block), at most MAX_VOCABULARY_BYTES.
  const file = await option(() => readRegularFile(path, { label, maxBytes: MAX_VOCABULARY_BYTES, notRegularHint: 'give a knowledge file.' }));
  if (file.truncated) throw new UsageError(`${label} is larger than ${MAX_VOCABULARY_BYTES / 1024 / 1024} MiB: split it or trim it.`);
  const text = new TextDecoder('utf-8').decode(file.bytes);
  return option(() => knowledgeFromText(text, { label, format }));
}

async function buildClassifier(values: Values): Promise<Classifier> {
  const knowledge = await loadKnowledge(values);
  const choice = option(() => parseProviderChoice(str(values, 'provider') ?? 'auto', '--provider'));
  const apiKey = str(values, 'api-key') || process.env.OPENAI_API_KEY || undefined;
  addSecret(apiKey);
  const baseURL = str(values, 'base-url') || undefined;
  for (const credential of baseUrlCredentials(baseURL)) addSecret(credential);
  const { provider } = option(() => resolveProvider(choice, apiKey, '--api-key'));
  const tokensText = str(values, 'max-readme-tokens');
  const maxReadmeTokens = tokensText ? option(() => parsePositiveInt(tokensText, '--max-readme-tokens', { min: 100, max: 100_000 })) : DEFAULT_MAX_README_TOKENS;
  return createClassifier({
    provider,
    apiKey,
    model: str(values, 'model') || DEFAULT_MODEL,
    baseURL,
    instructions: str(values, 'instructions') || undefined,
    maxReadmeTokens,
    reasoningEffort: option(() => parseReasoningEffort(str(values, 'reasoning-effort'), '--reasoning-effort')),
    logger: stderrLogger,
    knowledge,
  });
}

function maxTagsOf(values: Values): number {
  return option(() => parseMaxTags(str(values, 'max-tags') ?? '3', '--max-tags'));
}

/** `--concurrency` of batch and repos: 1 to 64, 4 when not given. */
function concurrencyOf(values: Values): number {
  const text = str(values, 'concurrency');
  return text ? option(() => parsePositiveInt(text, '--concurrency', { min: 1, max: 64 })) : 4;
}

async function classifyCommand(values: Values, args: string[]): Promise<number> {
  if (args.length > 1) throw new UsageError(`classify takes one README file; got ${args.length}.`);
  const vocabulary = await loadVocabulary(values);
  const maxTags = maxTagsOf(values);
  const classifier = await buildClassifier(values);
  const { text: readme, inCwd } = await readCliReadme(args[0]);
  const description = str(values, 'description')?.trim() || undefined;
  const language = str(values, 'language')?.trim() || (inCwd ? checkoutLanguages(process.cwd()).language : undefined);
  const result = await classifier.classify({ readme, doc: parseReadme(readme), vocabulary: vocabulary.tags, maxTags, description, language });
  for (const w of result.warnings) stderrLogger.warning(w);
  if (values.explain) {
    for (const t of result.tags) stderrLogger.info(`${inert(t.name)}${t.score === undefined ? '' : ` ${t.score.toFixed(2)}`}${t.reason ? `: ${inert(t.reason)}` : ''}`);
    if (result.usage) stderrLogger.info(`usage: ${JSON.stringify(result.usage)}`);
  }
  const out = new Output(process.stdout);
  await out.write(
    `${JSON.stringify(
      resultObject(
        str(values, 'id') || undefined,
        result.tags.map((t) => t.name),
      ),
    )}\n`,
  );
  await out.close();
  if (out.error) throw new Error(`writing the result to standard output failed (${inert(out.error)}).`, { cause: out.error });
  return 0;
}

/** The README's text, and whether it lies in the current directory (then the directory's files tell the language). */
async function readCliReadme(file: string | undefined): Promise<{ text: string; inCwd: boolean }> {
  const hint = (path: string) => STREAM_HINT.replace('PATH', () => inert(path));
  // A regular file only: a FIFO or a device would block or never end; standard input is read up to the limit, then closed.
  const loaded = await loadReadme(
    file === '-'
      ? { stream: { input: process.stdin, label: 'standard input', source: 'standard input' } }
      : file !== undefined
        ? { file: { path: file, label: inert(file), notRegularHint: hint(file) } }
        : { folder: { dir: process.cwd(), workspace: false, notRegularHint: hint } },
  );
  if (!loaded) throw new UsageError('no README file given and none found in the current directory: pass FILE, or - for standard input.');
  if (loaded.truncated) stderrLogger.warning(`${inert(loaded.source)} is longer than ${MAX_README_BYTES / 1024} KiB: only its first ${MAX_README_BYTES / 1024} KiB were read.`);
  return { text: loaded.text, inCwd: file === undefined || (file !== '-' && (await insideCwd(file))) };
}

/** True when `file`'s real path lies inside the current directory's real path. */
async function insideCwd(file: string): Promise<boolean> {
  try {
    const inside = relative(await realpath(process.cwd()), await realpath(file));
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
  } catch {
    return false;
  }
}

/**
 * Where results go (standard output or --output). Writes wait for 'drain'
 * when the stream's buffer is full (back-pressure); the first write error
 * (ENOSPC, EIO, EPIPE) is kept in `error`, calls `onError`, and ends writing.
 */
class Output {
  error?: NodeJS.ErrnoException;
  /** Writes the stream reported done without an error. */
  written = 0;
  readonly #stream: NodeJS.WritableStream;
  readonly #onError?: () => void;

  constructor(stream: NodeJS.WritableStream, onError?: () => void) {
    this.#stream = stream;
    this.#onError = onError;
    stream.on('error', (error: Error) => this.#fail(error));
  }

  #fail(error: Error): void {
    if (this.error) return;
    this.error = error;
    this.#onError?.();
  }

  async write(text: string): Promise<void> {
    if (this.error) return;
    const stream = this.#stream;
    if (stream.write(text, (error) => (error ? this.#fail(error) : this.written++))) return;
    if (this.error) return;
    await new Promise<void>((resolveWait) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('error', done);
        resolveWait();
      };
      stream.once('drain', done);
      stream.once('error', done);
    });
  }

  /** Every write flushed (a file is closed); a late error lands in `error`. */
  async close(): Promise<void> {
    if (this.error) return;
    const stream = this.#stream;
    if (stream === process.stdout) {
      // The callback of a last empty write runs once everything before it was written, or with the error.
      await new Promise<void>((resolveFlush) => stream.write('', (error) => (error && this.#fail(error), resolveFlush())));
      return;
    }
    stream.end();
    await finished(stream).catch((error: Error) => this.#fail(error));
  }
}

async function batchCommand(values: Values, args: string[]): Promise<number> {
  if (args.length) throw new UsageError(`batch takes no positional arguments; got ${args.join(' ')}.`);
  if (values.id !== undefined) throw new UsageError('--id is for classify; batch takes each id from its input line.');
  if (values.language !== undefined || values.description !== undefined) throw new UsageError('--language and --description are for classify; give batch items "language" and "description" fields.');
  if (values.explain) throw new UsageError('--explain is for classify; batch prints one result line per item.');
  const inputPath = str(values, 'input');
  if (!inputPath) throw new UsageError('batch needs --input ITEMS.jsonl (one {"id","readme"} or {"id","path"} per line).');
  const vocabulary = await loadVocabulary(values);
  const maxTags = maxTagsOf(values);
  const concurrency = concurrencyOf(values);
  const classifier = await buildClassifier(values);
  // A regular file only (a FIFO would block), streamed: counted first for the progress report, then
  // read again line by line as the workers need items, so memory stays flat however long it is.
  const input = await option(() => openRegularFile(inputPath, { label: `--input ${inert(inputPath)}`, notRegularHint: 'give a JSONL file.' }));
  try {
    return await runBatchCommand({ values, input, inputPath, vocabulary, maxTags, concurrency, classifier });
  } finally {
    await input.handle.close();
  }
}

/** Lines of the open file from its start, decoded as UTF-8; the handle stays open. */
function linesOf(file: OpenedFile): AsyncGenerator<string> {
  return textLines(file.handle.createReadStream({ start: 0, encoding: 'utf8', autoClose: false }));
}

interface BatchRun {
  values: Values;
  input: OpenedFile;
  inputPath: string;
  vocabulary: Vocabulary;
  maxTags: number;
  concurrency: number;
  classifier: Classifier;
}

/** `--output PATH` opened for writing (standard output without it); a pipe, a socket or a path that cannot be written is a usage error. */
async function openOutput(outputPath: string | undefined): Promise<NodeJS.WritableStream> {
  if (!outputPath) return process.stdout;
  // Opening a FIFO for writing waits for a reader, maybe forever: a pipe is written through standard output.
  const kind = statSync(outputPath, { throwIfNoEntry: false });
  if (kind?.isFIFO() || kind?.isSocket()) {
    throw new UsageError(`--output ${inert(outputPath)} is a pipe or a socket, not a file: to write to a pipe, leave out --output and redirect standard output.`);
  }
  try {
    return (await open(outputPath, 'w')).createWriteStream();
  } catch (error) {
    throw new UsageError(`--output ${inert(outputPath)}: cannot write there (${inert((error as NodeJS.ErrnoException).code ?? error)}).`);
  }
}

async function runBatchCommand({ values, input, inputPath, vocabulary, maxTags, concurrency, classifier }: BatchRun): Promise<number> {
  let total = 0;
  for await (const line of linesOf(input)) if (line.trim()) total++;
  const outputPath = str(values, 'output');
  // Open the output before any work, so a bad path fails at once, not after every item ran.
  const stream = await openOutput(outputPath);
  // An output that cannot be written (a full disk, a closed pipe) stops the batch: no item is worked on for nothing.
  const stop = new AbortController();
  const out = new Output(stream, () => stop.abort());
  const started = performance.now();
  const step = Math.max(1, Math.ceil(total / 20));
  let lastReport = 0;
  stderrLogger.info(`batch: ${total} items, provider ${classifier.provider}${classifier.model ? ` (${classifier.model})` : ''}, concurrency ${concurrency}.`);
  const summary = await runBatch({
    items: batchItems(linesOf(input)),
    total,
    classifier,
    vocabulary: vocabulary.tags,
    maxTags,
    concurrency,
    baseDir: dirname(resolve(inputPath)),
    retain: false,
    signal: stop.signal,
    onOutcome: async (outcome) => {
      if (outcome.error !== undefined) stderrLogger.warning(`item ${inert(JSON.stringify(outcome.id))} failed: ${inert(outcome.error)}`);
      for (const w of outcome.classification?.warnings ?? []) stderrLogger.warning(`item ${inert(JSON.stringify(outcome.id))}: ${w}`);
      const line = outcome.error !== undefined ? { id: outcome.id, error: outcome.error } : { id: outcome.id, tags: outcome.tags ?? [] };
      await out.write(`${JSON.stringify(line)}\n`);
    },
    onProgress: (done, total, failed) => {
      const now = performance.now();
      if (done === total || done % step === 0 || now - lastReport > 5000) {
        lastReport = now;
        const rate = done / Math.max((now - started) / 1000, 1e-3);
        stderrLogger.info(`${done}/${total} (${Math.round((done / total) * 100)}%), ${failed} failed, ${rate.toFixed(1)} items/s`);
      }
    },
  });
  await out.close();
  if (out.error) {
    const where = outputPath ? `--output ${inert(outputPath)}` : 'standard output';
    const what =
      out.error.code === 'EPIPE'
        ? `${where} was closed after ${out.written} of ${total} results; the batch stopped.`
        : `writing ${where} failed after ${out.written} of ${total} results (${inert(out.error)}); the batch stopped.`;
    stderrLogger.warning(what);
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const tokens = summary.usage.totalTokens ? `; tokens: ${summary.usage.promptTokens} prompt + ${summary.usage.completionTokens} completion = ${summary.usage.totalTokens}` : '';
  stderrLogger.info(`done: ${summary.done - summary.failed} tagged, ${summary.failed} failed in ${seconds.toFixed(2)} s${tokens}.`);
  return summary.failed ? 1 : 0;
}

/** An unexpected failure: one line on stderr, never a stack trace, and exit status 1. */
function fatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`readme-tagger: error: ${guardLine(message)} (unexpected: please report it)\n`);
  process.exit(1);
}
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
// stderr is where errors are reported: when it is closed there is nowhere left to say so.
process.stderr.on('error', () => {});
async function fleetCommand(values: Values, args: string[]): Promise<number> {
  if (!args.length) throw new UsageError('repos needs at least one PATTERN: owner/name, owner/* or owner/glob-* (and !owner/name to exclude).');
  if (values.id !== undefined || values.explain || values.input !== undefined || values.language !== undefined || values.description !== undefined)
    throw new UsageError("--id, --explain, --input, --language and --description are not for repos (it reads each repository's language and description from GitHub).");
  const patterns = option(() => parsePatterns(args, 'PATTERN'));
  const topics = option(() => parseTopicsMode(str(values, 'topics') ?? 'off', '--topics'));
  const maxWritesText = str(values, 'max-writes');
  const maxWrites = maxWritesText ? option(() => parsePositiveInt(maxWritesText, '--max-writes (0 for no limit)', { min: 0, max: 1_000_000 })) : DEFAULT_MAX_WRITES;
  const concurrency = concurrencyOf(values);
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN || '';
  addSecret(token);
  if (!token) throw new UsageError('repos needs a GitHub token in GITHUB_TOKEN or GH_TOKEN (topics need Administration: write; reading needs Contents: read).');
  const vocabulary = await loadVocabulary(values);
  const maxTags = maxTagsOf(values);
  const classifier = await buildClassifier(values);
  // The GitHub client (Octokit, undici: half the bundle) is a chunk of its own that only this command loads,
  // so the others start without parsing it (the build joins the chunks' licences: scripts/join-licences.ts).
  // Built before --output is opened: a bad GITHUB_API_URL or timeout setting leaves no empty report behind.
  const { fleetClient } = await import('./github.ts');
  const client = option(() => fleetClient({ token, logger: stderrLogger }) as unknown as FleetClient);
  const outputPath = str(values, 'output');
  const out = await openOutput(outputPath);
  // Closes the report (flushes standard output) before the exit status is decided: a late write error fails the run.
  const report = new Output(out);
  const code = await reposCommand({
    client,
    patterns,
    vocabulary: vocabulary.tags,
    maxTags,
    classifier,
    topics,
    dryRun: Boolean(values['dry-run']),
    includeForks: Boolean(values['include-forks']),
    maxWrites,
    concurrency,
    out,
    logger: stderrLogger,
  });
  await report.close();
  // An error during the run was already reported by reposCommand (and made its status 1).
  if (report.error && code === 0) {
    stderrLine(`error: writing the report to ${outputPath ? inert(outputPath) : 'standard output'} failed (${inert(report.error)}).`);
    return 1;
  }
  return code;
}

process.exitCode = await main(process.argv.slice(2));
