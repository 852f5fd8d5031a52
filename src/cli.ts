#!/usr/bin/env node
/**
 * `readme-tagger`: the command-line entry over the same core as the action.
 *   readme-tagger classify [FILE|-] --tags FILE_OR_LIST [options]
 *   readme-tagger batch --tags FILE --input items.jsonl [--output out.jsonl] [options]
 */
import { existsSync, statSync, type WriteStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createClassifier, resolveProvider } from './classify/index.ts';
import { DEFAULT_MAX_README_TOKENS, DEFAULT_MODEL } from './classify/openai.ts';
import type { Classifier, Logger } from './classify/types.ts';
import { parseBatchInput, runBatch, type BatchOutcome } from './batch.ts';
import { parseMaxTags, parsePositiveInt, parseProviderChoice, vocabularyFormat } from './options.ts';
import { resultObject } from './result.ts';
import { findWorkspaceReadme, MAX_README_BYTES, readmeFromBytes, readReadmeFile } from './readme-load.ts';
import { parseVocabulary, type Vocabulary } from './tags.ts';

const VERSION = '0.1.0';

const USAGE = `readme-tagger ${VERSION}: tag a README with names from your vocabulary.

Usage:
  readme-tagger classify [FILE|-] --tags FILE_OR_LIST [options]
      Prints {"id":...,"tags":[...]} as one JSON line. FILE defaults to the
      README of the current directory; - reads standard input.
  readme-tagger batch --tags FILE --input ITEMS.jsonl [--output OUT.jsonl] [options]
      Each input line is {"id","readme"} (text) or {"id","path"} (a file,
      relative to the input file's folder). Writes one {"id","tags"} line per
      item in input order ({"id","error"} for an item that failed); progress
      on stderr; exits 1 when any item failed.

Options:
  --tags FILE_OR_LIST       vocabulary: a .json/.yml/.yaml/.txt file, or a JSON
                            array or comma-separated list given inline
  --max-tags N              at most N tags (1-20, default 3)
  --id ID                   echoed into the result object (classify)
  --provider P              auto (default), offline or openai
  --api-key KEY             key for openai (default: $OPENAI_API_KEY)
  --model NAME              model or Azure deployment (default ${DEFAULT_MODEL})
  --base-url URL            any OpenAI-compatible endpoint
  --instructions TEXT       extra guidance for the model
  --max-readme-tokens N     README budget sent to the model (default ${DEFAULT_MAX_README_TOKENS})
  --concurrency N           batch: items at once (default 4)
  --explain                 classify: print each tag's score and reason on stderr
  -h, --help                this help
  -v, --version             the version
`;

/** The command line was wrong (exit 2): a missing flag, or a flag's value that did not validate. */
class UsageError extends Error {}

function option<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

const stderrLogger: Logger = {
  info: (m) => process.stderr.write(`readme-tagger: ${m}\n`),
  warning: (m) => process.stderr.write(`readme-tagger: warning: ${m}\n`),
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
        provider: { type: 'string' },
        'api-key': { type: 'string' },
        model: { type: 'string' },
        'base-url': { type: 'string' },
        instructions: { type: 'string' },
        'max-readme-tokens': { type: 'string' },
        input: { type: 'string' },
        output: { type: 'string' },
        concurrency: { type: 'string' },
        explain: { type: 'boolean' },
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
    throw new UsageError(`unknown command ${JSON.stringify(command)}: use classify or batch (see --help).`);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    process.stderr.write(`readme-tagger: error: ${(error as Error).message}\n`);
    return 1;
  }
}

type Values = Record<string, string | boolean | undefined>;

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function usageError(message: string): number {
  process.stderr.write(`readme-tagger: ${message}\nRun readme-tagger --help for usage.\n`);
  return 2;
}

async function loadVocabulary(values: Values): Promise<Vocabulary> {
  const tags = str(values, 'tags');
  if (!tags) throw new UsageError('--tags is required: a vocabulary file (.json, .yml, .yaml, .txt) or an inline list such as "database,cli".');
  let vocabulary: Vocabulary;
  if (existsSync(tags) && statSync(tags).isFile()) {
    const text = await readFile(tags, 'utf8');
    vocabulary = option(() => parseVocabulary(text, `--tags ${tags}`, vocabularyFormat(tags, '--tags')));
  } else if (/\.(json|ya?ml|txt)$/i.test(tags) && !/[,\n[]/.test(tags)) {
    throw new UsageError(`--tags ${tags}: no such file.`);
  } else {
    vocabulary = option(() => parseVocabulary(tags, '--tags'));
  }
  for (const w of vocabulary.warnings) stderrLogger.warning(w);
  return vocabulary;
}

function buildClassifier(values: Values): Classifier {
  const choice = option(() => parseProviderChoice(str(values, 'provider') ?? 'auto', '--provider'));
  const apiKey = str(values, 'api-key') || process.env.OPENAI_API_KEY || undefined;
  const { provider } = option(() => resolveProvider(choice, apiKey, '--api-key'));
  const tokensText = str(values, 'max-readme-tokens');
  const maxReadmeTokens = tokensText ? option(() => parsePositiveInt(tokensText, '--max-readme-tokens', { min: 100, max: 100_000 })) : DEFAULT_MAX_README_TOKENS;
  return createClassifier({
    provider,
    apiKey,
    model: str(values, 'model') || DEFAULT_MODEL,
    baseURL: str(values, 'base-url') || undefined,
    instructions: str(values, 'instructions') || undefined,
    maxReadmeTokens,
    logger: stderrLogger,
  });
}

function maxTagsOf(values: Values): number {
  return option(() => parseMaxTags(str(values, 'max-tags') ?? '3', '--max-tags'));
}

async function classifyCommand(values: Values, args: string[]): Promise<number> {
  if (args.length > 1) throw new UsageError(`classify takes one README file; got ${args.length}.`);
  const vocabulary = await loadVocabulary(values);
  const maxTags = maxTagsOf(values);
  const classifier = buildClassifier(values);
  const readme = await readCliReadme(args[0]);
  const result = await classifier.classify({ readme, vocabulary: vocabulary.tags, maxTags });
  for (const w of result.warnings) stderrLogger.warning(w);
  if (values.explain) {
    for (const t of result.tags) stderrLogger.info(`${t.name}${t.score === undefined ? '' : ` ${t.score.toFixed(2)}`}${t.reason ? `: ${t.reason}` : ''}`);
    if (result.usage) stderrLogger.info(`usage: ${JSON.stringify(result.usage)}`);
  }
  process.stdout.write(`${JSON.stringify(resultObject(str(values, 'id') || undefined, result.tags.map((t) => t.name)))}\n`);
  return 0;
}

async function readCliReadme(file: string | undefined): Promise<string> {
  if (file === '-') {
    // Like a file, only the first MAX_README_BYTES are used; the rest is drained, not kept.
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      if (size > MAX_README_BYTES) continue;
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return readmeFromBytes(Buffer.concat(chunks), 'standard input', '-').text;
  }
  if (file) return (await readReadmeFile(file, file)).text;
  const found = await findWorkspaceReadme(process.cwd());
  if (!found) throw new UsageError('no README file given and none found in the current directory: pass FILE, or - for standard input.');
  return (await readReadmeFile(found, found)).text;
}

async function batchCommand(values: Values, args: string[]): Promise<number> {
  if (args.length) throw new UsageError(`batch takes no positional arguments; got ${args.join(' ')}.`);
  if (values.id !== undefined) throw new UsageError('--id is for classify; batch takes each id from its input line.');
  if (values.explain) throw new UsageError('--explain is for classify; batch prints one result line per item.');
  const inputPath = str(values, 'input');
  if (!inputPath) throw new UsageError('batch needs --input ITEMS.jsonl (one {"id","readme"} or {"id","path"} per line).');
  const vocabulary = await loadVocabulary(values);
  const maxTags = maxTagsOf(values);
  const concurrencyText = str(values, 'concurrency');
  const concurrency = concurrencyText ? option(() => parsePositiveInt(concurrencyText, '--concurrency', { min: 1, max: 64 })) : 4;
  const classifier = buildClassifier(values);
  let inputText: string;
  try {
    inputText = await readFile(inputPath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`--input ${inputPath}: ${reason}.`);
  }
  const items = parseBatchInput(inputText);
  // eslint-disable-next-line no-useless-assignment -- drops the input text so it can be freed while the batch runs
  inputText = '';
  const outputPath = str(values, 'output');
  // Open the output before any work, so a bad path fails at once, not after every item ran.
  let out: NodeJS.WritableStream = process.stdout;
  if (outputPath) {
    try {
      out = (await open(outputPath, 'w')).createWriteStream();
    } catch (error) {
      throw new UsageError(`--output ${outputPath}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
  }
  const stop = new AbortController();
  let outputError: Error | undefined;
  out.on('error', (error: Error) => {
    outputError ??= error;
    stop.abort();
  });
  const started = performance.now();
  const step = Math.max(1, Math.ceil(items.length / 20));
  let lastReport = 0;
  const writeLine = (outcome: BatchOutcome) => {
    if (outputError) return;
    const line =
      outcome.error !== undefined ? { id: outcome.id, error: outcome.error } : { id: outcome.id, tags: outcome.tags ?? [] };
    out.write(`${JSON.stringify(line)}\n`);
  };
  stderrLogger.info(`batch: ${items.length} items, provider ${classifier.provider}${classifier.model ? ` (${classifier.model})` : ''}, concurrency ${concurrency}.`);
  const summary = await runBatch({
    items,
    classifier,
    vocabulary: vocabulary.tags,
    maxTags,
    concurrency,
    baseDir: dirname(resolve(inputPath)),
    retain: false,
    signal: stop.signal,
    onOutcome: (outcome) => {
      writeLine(outcome);
      if (outcome.error !== undefined) stderrLogger.warning(`item ${JSON.stringify(outcome.id)} failed: ${outcome.error}`);
      for (const w of outcome.classification?.warnings ?? []) stderrLogger.warning(`item ${JSON.stringify(outcome.id)}: ${w}`);
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
  if (out !== process.stdout && !outputError) await new Promise<void>((res) => (out as WriteStream).end(() => res()));
  if (outputError) {
    const closed = (outputError as NodeJS.ErrnoException).code === 'EPIPE';
    stderrLogger.warning(closed ? 'the output was closed before the batch finished; stopped.' : `writing the output failed: ${outputError.message}`);
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const tokens = summary.usage.totalTokens
    ? `; tokens: ${summary.usage.promptTokens} prompt + ${summary.usage.completionTokens} completion = ${summary.usage.totalTokens}`
    : '';
  stderrLogger.info(`done: ${items.length - summary.failed} tagged, ${summary.failed} failed in ${seconds.toFixed(2)} s${tokens}.`);
  return summary.failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
