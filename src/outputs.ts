/**
 * Every core.setOutput and the job summary.
 */
import * as core from '@actions/core';
import type { Classification, Tag, Usage } from './classify/types.ts';
import type { TopicPlan, TopicsMode } from './topics.ts';
import { resultObject } from './result.ts';
import { escapeCell } from './summary-text.ts';

export interface RunResult {
  id?: string;
  classification: Classification;
  vocabulary: readonly Tag[];
  readmeSource: string;
  topicsMode: TopicsMode;
  /** The plan computed (also in dry-run); undefined when topics are off or were not planned. */
  plan?: TopicPlan;
  /** Topics on the repository after the run (the plan's `after` only when it was written). */
  topicsAfter?: string[];
  changed: boolean;
  dryRun: boolean;
  /** Why topics were not touched, when they were not. */
  topicsNote?: string;
}

const ZERO_USAGE: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

export function setOutputs(result: RunResult): void {
  const names = result.classification.tags.map((t) => t.name);
  const byName = new Map(result.vocabulary.map((t) => [t.name, t]));
  // Aligned with `tags`: null for a chosen tag without an id; [] when the vocabulary has no ids at all.
  const hasIds = result.vocabulary.some((t) => t.id !== undefined);
  const ids = hasIds ? names.map((n) => byName.get(n)?.id ?? null) : [];
  core.setOutput('tags', names.join(','));
  core.setOutput('tags-json', JSON.stringify(names));
  core.setOutput('tag-ids', JSON.stringify(ids));
  core.setOutput('json', JSON.stringify(resultObject(result.id, names)));
  if (result.topicsMode !== 'off' && result.topicsAfter) core.setOutput('topics', JSON.stringify(result.topicsAfter));
  core.setOutput('changed', String(result.changed));
  core.setOutput('provider', result.classification.provider);
  core.setOutput('model', result.classification.model ?? '');
  core.setOutput('usage', JSON.stringify(result.classification.usage ?? ZERO_USAGE));
}

export async function writeSummary(result: RunResult): Promise<void> {
  const { classification } = result;
  const summary = core.summary.addHeading('README Tagger', 2);
  const model = classification.model ? ` · model <code>${escapeCell(classification.model, 100)}</code>` : '';
  const usage = classification.usage ? ` · ${usageText(classification.usage)}` : '';
  summary.addRaw(`Provider \`${classification.provider}\`${model}${usage} · README <code>${escapeCell(result.readmeSource)}</code>${result.dryRun ? ' · **dry run**' : ''}`, true);
  if (classification.tags.length) {
    summary.addTable([
      [
        { data: 'Tag', header: true },
        { data: 'Score', header: true },
        { data: 'Why', header: true },
      ],
      ...classification.tags.map((t) => [escapeCell(t.name), t.score === undefined ? '' : t.score.toFixed(2), escapeCell(t.reason ?? '', MAX_REASON_CHARS)]),
    ]);
  } else {
    summary.addRaw('\n**No tags were chosen.**\n', true);
  }
  if (result.topicsMode !== 'off') {
    summary.addHeading(`Topics (${result.topicsMode}${result.dryRun ? ', dry run: nothing written' : ''})`, 3);
    if (result.plan) {
      const list = (xs: string[]) =>
        xs.length
          ? xs
              .slice(0, MAX_LISTED)
              .map((x) => `<code>${escapeCell(x, 100)}</code>`)
              .join(' ') + more(xs)
          : 'none';
      summary.addList([
        `${result.dryRun ? 'Would add' : 'Added'}: ${list(result.plan.added)}`,
        `${result.dryRun ? 'Would remove' : 'Removed'}: ${list(result.plan.removed)}`,
        `Kept: ${list(result.plan.kept)}`,
        ...(result.plan.skipped.length ? [`Not added (GitHub allows 20 topics): ${list(result.plan.skipped)}`] : []),
      ]);
    }
    if (result.topicsNote) summary.addRaw(result.topicsNote, true);
  }
  if (classification.warnings.length) {
    const shown = classification.warnings.slice(0, MAX_LISTED).map((w) => escapeCell(w, MAX_WARNING_CHARS));
    if (classification.warnings.length > MAX_LISTED) shown.push(`and ${classification.warnings.length - MAX_LISTED} more warnings (see the log)`);
    summary.addHeading('Warnings', 3).addList(shown);
  }
  await summary.write();
}

/** "812 prompt + 47 completion tokens", with "(30 of them reasoning)" when the API reported reasoning tokens. */
function usageText(usage: Usage): string {
  const reasoning = usage.reasoningTokens === undefined ? '' : ` (${usage.reasoningTokens} of them reasoning)`;
  return `${usage.promptTokens} prompt + ${usage.completionTokens} completion tokens${reasoning}`;
}

/** Bounds on what outside text may put in the job summary. */
const MAX_REASON_CHARS = 300;
const MAX_WARNING_CHARS = 2000;
const MAX_LISTED = 100;

function more(xs: readonly unknown[]): string {
  return xs.length > MAX_LISTED ? ` and ${xs.length - MAX_LISTED} more` : '';
}

/** Fleet mode's outputs (the "repositories" input). */
export interface FleetOutputs {
  reportPath: string;
  counts: Record<string, number>;
  changed: boolean;
  /** The seed's result objects; undefined when they would pass GitHub's output limit (the output is then empty). */
  results?: Array<{ id: string; tags: string[] }>;
  provider: string;
  model?: string;
  usage: Usage;
}

export function setFleetOutputs(o: FleetOutputs): void {
  core.setOutput('report', o.reportPath);
  core.setOutput('counts', JSON.stringify(o.counts));
  core.setOutput('changed', String(o.changed));
  core.setOutput('json', o.results ? JSON.stringify(o.results) : '');
  core.setOutput('provider', o.provider);
  core.setOutput('model', o.model ?? '');
  core.setOutput('usage', JSON.stringify(o.usage));
}
