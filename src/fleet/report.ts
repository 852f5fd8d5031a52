/**
 * What a fleet run reports (pure): one JSONL line per repository, the counts,
 * the `json` output, and a job summary that stays under GitHub's 1 MiB limit
 * however large the fleet (tables are capped; the JSONL report has it all).
 */
import type { Usage } from '../classify/types.ts';
import { escapeCell } from '../summary-text.ts';
import type { RateLimitInfo } from './gate.ts';

export const STATUSES = ['changed', 'would-change', 'unchanged', 'skipped', 'failed', 'pending'] as const;
export type Status = (typeof STATUSES)[number];

export interface RepoOutcome {
  /** `owner/name`. */
  repository: string;
  status: Status;
  /** The chosen tags (vocabulary names), best first; [] when not classified. */
  tags: string[];
  /** Topics as read before the run. */
  before: string[];
  /** Topics after the run (the planned ones in a dry run). */
  after: string[];
  added: string[];
  removed: string[];
  /** Why a repository was skipped or left pending. */
  reason?: string;
  /** What went wrong, for a failed repository. */
  error?: string;
  /** True when the classification ran and succeeded (its tags go into the `json` output). */
  classified?: boolean;
}

export type Counts = Record<Status, number> & { repositories: number };

/** GitHub's limit on one step output is 1 MB; the `json` output stays under it. */
export const MAX_JSON_OUTPUT_BYTES = 1_000_000;
/** GitHub's limit on a step's job summary is 1 MiB; ours stays well under. */
export const MAX_SUMMARY_BYTES = 900 * 1024;
/** Rows shown per table in the job summary; the JSONL report has every repository. */
export const MAX_SUMMARY_ROWS = 200;
const MAX_EXAMPLES_PER_REASON = 10;

/** The report line: these keys, in this order; `reason` and `error` only when they apply. */
export function reportLine(o: RepoOutcome): string {
  const line: Record<string, unknown> = {
    repository: o.repository,
    status: o.status,
    tags: o.tags,
    before: o.before,
    after: o.after,
    added: o.added,
    removed: o.removed,
  };
  if (o.reason !== undefined) line.reason = o.reason;
  if (o.error !== undefined) line.error = o.error;
  return JSON.stringify(line);
}

export function emptyCounts(): Counts {
  return { changed: 0, 'would-change': 0, unchanged: 0, skipped: 0, failed: 0, pending: 0, repositories: 0 };
}

/** Collects outcomes as they come: counts, the `json` output, and bounded tables for the summary. */
export class FleetReport {
  readonly counts = emptyCounts();
  readonly usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  /** The seed's result objects, one per classified repository, while they fit in one output. */
  readonly results: Array<{ id: string; tags: string[] }> = [];
  resultsTooLarge = false;
  private resultsBytes = 2;
  readonly changes: RepoOutcome[] = [];
  readonly failures: RepoOutcome[] = [];
  readonly pending: RepoOutcome[] = [];
  readonly skipped = new Map<string, { count: number; examples: string[] }>();

  add(o: RepoOutcome): void {
    this.counts[o.status]++;
    this.counts.repositories++;
    if (o.classified && !this.resultsTooLarge) {
      const item = { id: o.repository, tags: o.tags };
      this.resultsBytes += Buffer.byteLength(JSON.stringify(item)) + 1;
      if (this.resultsBytes > MAX_JSON_OUTPUT_BYTES) {
        this.resultsTooLarge = true;
        this.results.length = 0;
      } else this.results.push(item);
    }
    if ((o.status === 'changed' || o.status === 'would-change') && this.changes.length < MAX_SUMMARY_ROWS) this.changes.push(o);
    if (o.status === 'failed' && this.failures.length < MAX_SUMMARY_ROWS) this.failures.push(o);
    if (o.status === 'pending' && this.pending.length < MAX_SUMMARY_ROWS) this.pending.push(o);
    if (o.status === 'skipped') {
      const key = o.reason ?? 'no reason given';
      const group = this.skipped.get(key) ?? { count: 0, examples: [] };
      group.count++;
      if (group.examples.length < MAX_EXAMPLES_PER_REASON) group.examples.push(o.repository);
      if (this.skipped.has(key) || this.skipped.size < MAX_SUMMARY_ROWS) this.skipped.set(key, group);
    }
  }

  addUsage(usage: Usage | undefined): void {
    if (!usage) return;
    this.usage.promptTokens += usage.promptTokens;
    this.usage.completionTokens += usage.completionTokens;
    this.usage.totalTokens += usage.totalTokens;
  }
}

export interface SummaryContext {
  report: FleetReport;
  topics: string;
  dryRun: boolean;
  provider: string;
  model?: string;
  requests: { reads: number; writes: number };
  waitedMs: number;
  rateLimit: { rest?: RateLimitInfo; graphql?: RateLimitInfo };
  /** Why the run stopped early, when it did. */
  stopped?: string;
  /** Owners or entries that could not be read at all. */
  errors: string[];
  /** Owners whose listing the stop cut short. */
  unlisted?: string[];
  /** Where the JSONL report is, when known. */
  reportPath?: string;
  seconds: number;
}

/** The job summary as Markdown, under MAX_SUMMARY_BYTES whatever the fleet. */
export function renderSummary(ctx: SummaryContext): string {
  const { report, dryRun } = ctx;
  const c = report.counts;
  const out: string[] = [];
  out.push(`## README Tagger: fleet${dryRun ? ' (dry run: nothing written)' : ''}`, '');
  out.push(
    `Topics \`${ctx.topics}\` · provider <code>${cell(ctx.provider)}</code>${ctx.model ? ` · model <code>${cell(ctx.model)}</code>` : ''} · ${c.repositories} repositories in ${ctx.seconds.toFixed(1)} s`,
    '',
  );
  out.push('| status | repositories |', '| --- | --- |');
  for (const s of STATUSES) out.push(`| ${s} | ${c[s]} |`);
  out.push(`| **total** | **${c.repositories}** |`, '');
  const rest = ctx.rateLimit.rest ? `REST ${ctx.rateLimit.rest.remaining}/${ctx.rateLimit.rest.limit}` : '';
  const gql = ctx.rateLimit.graphql ? `GraphQL ${ctx.rateLimit.graphql.remaining}/${ctx.rateLimit.graphql.limit}` : '';
  const headroom = [rest, gql].filter(Boolean).join(', ');
  out.push(
    `GitHub requests: ${ctx.requests.reads} reads, ${ctx.requests.writes} writes` +
      (ctx.waitedMs ? ` · waited ${(ctx.waitedMs / 1000).toFixed(1)} s on rate limits` : '') +
      (headroom ? ` · rate limit left: ${headroom}` : '') +
      ` · LLM tokens: ${report.usage.promptTokens} prompt + ${report.usage.completionTokens} completion = ${report.usage.totalTokens}`,
    '',
  );
  if (ctx.stopped) {
    const unlisted = ctx.unlisted?.length ? ` Not fully listed, so their remaining repositories are in no report line: ${ctx.unlisted.map(cell).join(', ')}.` : '';
    out.push(`> [!WARNING]`, `> The run stopped early: ${cell(ctx.stopped)}. The rest is reported \`pending\`; run again to continue.${unlisted}`, '');
  }
  for (const e of ctx.errors) out.push(`> [!CAUTION]`, `> ${cell(e)}`, '');

  const more = (shown: number, total: number) => (total > shown ? [`…and ${total - shown} more in the report${ctx.reportPath ? ` (<code>${cell(ctx.reportPath)}</code>)` : ''}.`, ''] : []);
  const list = (xs: string[]) => (xs.length ? xs.map((x) => `<code>${cell(x)}</code>`).join(' ') : '');
  if (report.changes.length) {
    out.push(`### ${dryRun ? 'Would change' : 'Changed'}`, '', '| repository | tags | added | removed |', '| --- | --- | --- | --- |');
    for (const o of report.changes) out.push(`| ${cell(o.repository)} | ${cell(o.tags.join(', '))} | ${list(o.added)} | ${list(o.removed)} |`);
    out.push('', ...more(report.changes.length, c.changed + c['would-change']));
  }
  if (report.skipped.size) {
    out.push('### Skipped', '', '| reason | repositories | for example |', '| --- | --- | --- |');
    for (const [reason, g] of report.skipped) out.push(`| ${cell(reason)} | ${g.count} | ${g.examples.map(cell).join(', ')}${g.count > g.examples.length ? ', …' : ''} |`);
    out.push('');
  }
  if (report.failures.length) {
    out.push('### Failed', '', '| repository | error |', '| --- | --- |');
    for (const o of report.failures) out.push(`| ${cell(o.repository)} | ${cell(o.error ?? '')} |`);
    out.push('', ...more(report.failures.length, c.failed));
  }
  if (report.pending.length) {
    out.push('### Pending', '', `${report.pending.map((o) => cell(o.repository)).join(', ')}`, '', `Reason: ${cell(report.pending[0].reason ?? '')}`, '');
    out.push(...more(report.pending.length, c.pending));
  }
  let text = out.join('\n') + '\n';
  if (Buffer.byteLength(text) > MAX_SUMMARY_BYTES) {
    text =
      Buffer.from(text)
        .subarray(0, MAX_SUMMARY_BYTES - 200)
        .toString('utf8')
        .replace(/\uFFFD$/, '') + "\n\n…the summary was cut to stay under GitHub's 1 MiB limit; the report has every repository.\n";
  }
  return text;
}

/** Outside text in the summary: summary-text.ts escapeCell, as the single-repository summary does it. */
const cell = (text: string): string => escapeCell(text);
