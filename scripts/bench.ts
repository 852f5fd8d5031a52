/**
 * The committed benchmark: `npm run bench -- --data ../shared/bench/dev`.
 *
 * Reads a directory in the ../shared/bench format (tags.json, labels.jsonl,
 * readmes/OWNER__NAME.md), runs a provider over every README through
 * runBatch (the code path of `readme-tagger batch`), and prints precision,
 * recall, F1, top-1 precision, the share of READMEs with no tag, READMEs per
 * second and p50/p95 time per README. Scoring as in the bench README:
 * micro-averaged; precision counts predicted tags in core or ok, recall
 * counts core tags predicted; at most 3 predicted tags.
 * Sets whose labels carry `topics` (the maintainers' own GitHub topics, as in
 * ../shared/bench/ext-dev) are scored as their README says: precision counts
 * predicted tags among the topics, recall@3 counts core tags predicted over
 * min(3, |core|) per README, top-1 asks whether the first tag is a topic.
 * A label's `language` (the repository's primary language as GitHub reports
 * it) and its `repo` (owner/name, as the action knows it) are passed to the
 * classifier as input signals; `topics` and `core` are
 * only ever read here, for scoring.
 * Per-README predictions go to --out for studying misses.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBatch, type BatchItem } from '../src/batch.ts';
import { createClassifier, type Provider } from '../src/classify/index.ts';
import { tagKey } from '../src/classify/parse.ts';
import type { Classifier } from '../src/classify/types.ts';
import { parseVocabulary } from '../src/tags.ts';

const USAGE = `Usage: npm run bench -- --data DIR [options]

  --data DIR          a benchmark directory (tags.json, labels.jsonl, readmes/)
  --provider P        offline (default), openai, or baseline (count whole-word tag
                      names in the raw README, keep the 3 most frequent: the naive
                      method the offline classifier must beat)
  --model NAME        openai: the model
  --base-url URL      openai: an OpenAI-compatible endpoint
  --api-key KEY       openai: the key (default: $OPENAI_API_KEY)
  --max-tags N        predicted tags per README (default 3, the scoring's maximum)
  --concurrency N     READMEs at once (default 4; offline work is synchronous anyway)
  --subset S          all (default), odd or even: every other README, for a split-half check
  --fold I/K          only the READMEs whose id hashes to fold I of K (sha-256 of owner/name,
                      modulo K): fixed halves with --fold 0/2 and --fold 1/2, to study misses on
                      one half and check a change on the other
  --out FILE          per-README predictions (default bench-out/predictions.jsonl)
  --per-tag           also print precision/recall per tag
  --json              print the figures as one JSON line
`;

interface Label {
  repo: string;
  core: string[];
  ok: string[];
  /** The maintainers' GitHub topics (sets like ext-dev): switches to the topics scoring. */
  topics?: string[];
  /** The repository's primary language as GitHub reports it: an input, never an answer. */
  language?: string;
}

export interface BenchFigures {
  readmes: number;
  /** `labels`: core and ok (the team's sets); `topics`: the maintainers' topics, recall@3 (ext-dev). */
  scoring: 'labels' | 'topics';
  provider: string;
  model?: string;
  precision: number;
  recall: number;
  f1: number;
  top1Precision: number;
  noTagShare: number;
  readmesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  errors: number;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      provider: { type: 'string', default: 'offline' },
      model: { type: 'string' },
      'base-url': { type: 'string' },
      'api-key': { type: 'string' },
      'max-tags': { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '4' },
      subset: { type: 'string', default: 'all' },
      fold: { type: 'string' },
      out: { type: 'string', default: 'bench-out/predictions.jsonl' },
      'per-tag': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.data) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  const provider = values.provider as Provider | 'baseline';
  if (provider !== 'offline' && provider !== 'openai' && provider !== 'baseline') {
    throw new Error(`--provider must be offline, openai or baseline, got ${JSON.stringify(values.provider)}`);
  }
  if (!['all', 'odd', 'even'].includes(values.subset!)) throw new Error(`--subset must be all, odd or even`);
  const fold = values.fold === undefined ? undefined : parseFold(values.fold);
  const maxTags = Number(values['max-tags']);
  if (!Number.isInteger(maxTags) || maxTags < 1 || maxTags > 3) throw new Error('--max-tags must be 1, 2 or 3 (the scoring counts at most 3)');

  const dir = resolve(values.data);
  const vocabulary = parseVocabulary(readFileSync(join(dir, 'tags.json'), 'utf8'), join(dir, 'tags.json'), 'json').tags;
  const labels = readLabels(join(dir, 'labels.jsonl'))
    .filter((_, i) => values.subset === 'all' || (i % 2 === 1) === (values.subset === 'odd'))
    .filter((l) => !fold || inFold(l.repo, fold));
  const items: BatchItem[] = labels.map((l) => ({
    id: l.repo,
    path: join('readmes', `${l.repo.replace('/', '__')}.md`),
    repository: l.repo,
    ...(l.language ? { language: l.language } : {}),
  }));

  const apiKey = values['api-key'] ?? process.env.OPENAI_API_KEY;
  const classifier = provider === 'baseline' ? baselineClassifier() : createClassifier({ provider, apiKey, model: values.model, baseURL: values['base-url'] });
  const started = performance.now();
  const { outcomes } = await runBatch({ items, classifier, vocabulary, maxTags, concurrency: Number(values.concurrency), baseDir: dir });
  const seconds = (performance.now() - started) / 1000;

  const figures = score(labels, outcomes, seconds, classifier.provider, classifier.model);
  const rows = labels.map((label, i) => predictionRow(label, outcomes[i]));
  const out = resolve(values.out!);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

  if (values.json) process.stdout.write(JSON.stringify(figures) + '\n');
  else {
    const pct = (x: number) => x.toFixed(2);
    process.stdout.write(
      `bench: ${figures.readmes} READMEs from ${values.data}${values.subset === 'all' ? '' : ` (${values.subset} half)`}${fold ? ` (fold ${fold.index}/${fold.of})` : ''}, provider ${figures.provider}${figures.model ? ` (${figures.model})` : ''}, at most ${maxTags} tags${figures.scoring === 'topics' ? ", scored against the maintainers' topics" : ''}\n` +
        `precision ${pct(figures.precision)}  ${figures.scoring === 'topics' ? 'recall@3' : 'recall'} ${pct(figures.recall)}  F1 ${pct(figures.f1)}  top-1 precision ${pct(figures.top1Precision)}  no tag ${(figures.noTagShare * 100).toFixed(1)}%\n` +
        `${figures.readmesPerSecond.toFixed(0)} READMEs/s  p50 ${figures.p50Ms.toFixed(2)} ms  p95 ${figures.p95Ms.toFixed(2)} ms  errors ${figures.errors}\n` +
        `predictions: ${values.out}\n`,
    );
    if (values['per-tag']) process.stdout.write(perTag(rows));
  }
  return figures.errors ? 1 : 0;
}

interface Fold {
  index: number;
  of: number;
}

function parseFold(text: string): Fold {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const of = m ? Number(m[2]) : NaN;
  if (!m || of < 2 || of > 10 || index >= of) throw new Error(`--fold must be I/K with 2 <= K <= 10 and 0 <= I < K (e.g. 0/2), got ${JSON.stringify(text)}`);
  return { index, of };
}

/** A fixed fold from the id alone, so the halves never change with the order of the labels file. */
function inFold(repo: string, fold: Fold): boolean {
  return createHash('sha256').update(repo).digest().readUInt32BE(0) % fold.of === fold.index;
}

function readLabels(path: string): Label[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const v = JSON.parse(line) as Partial<Label>;
      if (typeof v.repo !== 'string' || !Array.isArray(v.core)) throw new Error(`${path}:${i + 1}: expected {"repo","core","ok"}`);
      return {
        repo: v.repo,
        core: v.core.map(tagKey),
        ok: (v.ok ?? []).map(tagKey),
        ...(Array.isArray(v.topics) ? { topics: v.topics.map(tagKey) } : {}),
        ...(typeof v.language === 'string' && v.language ? { language: v.language } : {}),
      };
    });
}

interface Outcome {
  tags?: string[];
  error?: string;
  ms: number;
}

/** Whole-word mentions of each tag name (hyphen or space between its words), most frequent first. */
function baselineClassifier(): Classifier {
  return {
    provider: 'baseline',
    async classify({ readme, vocabulary, maxTags }) {
      const text = readme.toLowerCase();
      const counted = vocabulary
        .map((tag) => {
          const words = tag.name
            .toLowerCase()
            .split(/[-\s]+/)
            .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
          const pattern = new RegExp(`(?<![\\p{L}\\p{N}-])${words.join('[-\\s]')}(?![\\p{L}\\p{N}-])`, 'gu');
          return { name: tag.name, count: text.match(pattern)?.length ?? 0 };
        })
        .filter((t) => t.count > 0)
        .sort((a, b) => b.count - a.count);
      return { provider: 'baseline', tags: counted.slice(0, maxTags).map((t) => ({ name: t.name, score: t.count })), warnings: [] };
    },
  };
}

export function score(labels: Label[], outcomes: Outcome[], seconds: number, provider: string, model?: string): BenchFigures {
  let predicted = 0;
  let correct = 0;
  let coreTotal = 0;
  let coreFound = 0;
  let withTags = 0;
  let top1 = 0;
  let errors = 0;
  const topicsScoring = labels.some((l) => l.topics);
  labels.forEach((label, i) => {
    const o = outcomes[i];
    if (o.error !== undefined) errors++;
    const tags = (o.tags ?? []).slice(0, 3).map(tagKey);
    const good = goodTags(label);
    predicted += tags.length;
    correct += tags.filter((t) => good.has(t)).length;
    // recall@3 for topics: a maintainer sets up to 20, at most 3 can be predicted.
    coreTotal += topicsScoring ? Math.min(3, label.core.length) : label.core.length;
    coreFound += label.core.filter((t) => tags.includes(t)).length;
    if (tags.length) {
      withTags++;
      if (good.has(tags[0])) top1++;
    }
  });
  const precision = predicted ? correct / predicted : 0;
  const recall = coreTotal ? coreFound / coreTotal : 0;
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return {
    readmes: labels.length,
    scoring: topicsScoring ? 'topics' : 'labels',
    provider,
    model,
    precision: round(precision),
    recall: round(recall),
    f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0),
    top1Precision: round(withTags ? top1 / withTags : 0),
    noTagShare: round(labels.length ? (labels.length - withTags) / labels.length : 0),
    readmesPerSecond: round(seconds > 0 ? labels.length / seconds : 0, 1),
    p50Ms: round(quantile(ms, 0.5), 3),
    p95Ms: round(quantile(ms, 0.95), 3),
    errors,
  };
}

/** What counts as a right tag: the maintainers' topics when the set has them, else core and ok. */
function goodTags(label: Label): Set<string> {
  return new Set(label.topics ?? [...label.core, ...label.ok]);
}

function predictionRow(label: Label, o: Outcome & { classification?: { tags: Array<{ name: string; score?: number; reason?: string }> } }) {
  const predicted = (o.tags ?? []).slice(0, 3);
  const keys = predicted.map(tagKey);
  const good = goodTags(label);
  return {
    repo: label.repo,
    predicted,
    core: label.core,
    ok: label.topics ? label.topics.filter((t) => !label.core.includes(t)) : label.ok,
    ...(label.language ? { language: label.language } : {}),
    hits: predicted.filter((_, i) => good.has(keys[i])),
    wrong: predicted.filter((_, i) => !good.has(keys[i])),
    missed: label.core.filter((t) => !keys.includes(t)),
    ...(o.error !== undefined ? { error: o.error } : {}),
    reasons: o.classification?.tags.map((t) => `${t.name} ${t.score ?? ''}: ${t.reason ?? ''}`.trim()),
  };
}

function perTag(rows: ReturnType<typeof predictionRow>[]): string {
  const stats = new Map<string, { predicted: number; right: number; core: number; found: number }>();
  const get = (t: string) => stats.get(t) ?? (stats.set(t, { predicted: 0, right: 0, core: 0, found: 0 }), stats.get(t)!);
  for (const r of rows) {
    for (const t of r.predicted.map(tagKey)) {
      get(t).predicted++;
      if (r.core.includes(t) || r.ok.includes(t)) get(t).right++;
    }
    for (const t of r.core) {
      get(t).core++;
      if (!r.missed.includes(t)) get(t).found++;
    }
  }
  return (
    [...stats.entries()]
      .sort((a, b) => b[1].predicted - b[1].right - (a[1].predicted - a[1].right) || b[1].core - b[1].found - (a[1].core - a[1].found))
      .map(([t, s]) => `${t.padEnd(20)} predicted ${String(s.predicted).padStart(2)} right ${String(s.right).padStart(2)}  core ${String(s.core).padStart(2)} found ${String(s.found).padStart(2)}`)
      .join('\n') + '\n'
  );
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at];
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 2;
  },
);
