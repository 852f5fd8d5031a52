/**
 * Validation of option values shared by the action's inputs and the CLI's
 * flags (pure). Every error names the option and says what is valid.
 */
import { TOPIC_MODES, type TopicsMode } from './topics.ts';
import { PROVIDER_CHOICES, type ProviderChoice } from './classify/index.ts';
import { DEFAULT_REASONING_EFFORT, REASONING_EFFORTS, type ReasoningEffortChoice } from './classify/openai.ts';
import { inert } from './log.ts';

export const MIN_TAGS = 1;
export const MAX_TAGS = 20;

/** `label` is how the user wrote the option: `"max-tags"` for the action, `--max-tags` for the CLI. */
export function parseMaxTags(value: string, label: string): number {
  const text = value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(n) || n < MIN_TAGS || n > MAX_TAGS) {
    throw new Error(`${label} must be a whole number from ${MIN_TAGS} to ${MAX_TAGS}; got ${JSON.stringify(value)}.`);
  }
  return n;
}

export function parsePositiveInt(value: string, label: string, { min = 1, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const text = value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new Error(`${label} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}.`);
  }
  return n;
}

/** One of `choices`, case-insensitively; empty means `fallback`. `note` follows the list in the error. */
function parseChoice<T extends string>(value: string | undefined, label: string, choices: readonly T[], fallback: T, note = ''): T {
  const v = (value ?? '').trim().toLowerCase() || fallback;
  if (!(choices as readonly string[]).includes(v)) {
    throw new Error(`${label} must be one of ${choices.join(', ')}${note}; got ${JSON.stringify(value)}.`);
  }
  return v as T;
}

export function parseProviderChoice(value: string, label: string): ProviderChoice {
  return parseChoice(value, label, PROVIDER_CHOICES, 'auto');
}

export function parseTopicsMode(value: string, label: string): TopicsMode {
  return parseChoice(value, label, TOPIC_MODES, 'off');
}

/**
 * The reasoning-effort input / --reasoning-effort flag: none, low, medium,
 * high, or default (send nothing). Empty means the default, none.
 */
export function parseReasoningEffort(value: string | undefined, label: string): ReasoningEffortChoice {
  return parseChoice(value, label, REASONING_EFFORTS, DEFAULT_REASONING_EFFORT, ' ("default" sends no reasoning_effort)');
}

/** `owner/name`, as GitHub spells repository names. */
export function parseRepository(value: string, label: string): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(value.trim());
  if (!match || match[2] === '.' || match[2] === '..') {
    throw new Error(`${label} must be "owner/name" (for example "octo-org/octo-repo"); got ${JSON.stringify(value)}.`);
  }
  return { owner: match[1], repo: match[2] };
}

/**
 * The secrets in a base URL's user-info (`https://user:pass@host/v1`): the
 * whole `user:pass` and the password alone (a server may quote it without the
 * user name). Both the action and the CLI register them as secrets.
 */
export function baseUrlCredentials(url: string | undefined): string[] {
  const credentials = url ? /^[a-z]+:\/\/([^@/\s]+)@/i.exec(url)?.[1] : undefined;
  if (!credentials) return [];
  const password = credentials.includes(':') ? credentials.slice(credentials.indexOf(':') + 1) : '';
  return password ? [credentials, password] : [credentials];
}

/** The format a vocabulary file is parsed as, from its extension. */
export function vocabularyFormat(path: string, label: string): 'json' | 'yaml' | undefined {
  const ext = (/\.[^./\\]+$/.exec(path)?.[0] ?? '').toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yml' || ext === '.yaml') return 'yaml';
  if (ext === '' || ext === '.txt') return undefined;
  throw new Error(`${label} must be a .json, .yml or .yaml file (or .txt with one tag per line); got ${JSON.stringify(path)}.`);
}

/** A knowledge file's format from its extension. */
export function knowledgeFormat(path: string, label: string): 'json' | 'yaml' {
  const ext = (/\.[^./\\]+$/.exec(path)?.[0] ?? '').toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yml' || ext === '.yaml') return 'yaml';
  throw new Error(`${label} must be a .json, .yml or .yaml file of knowledge entries; got "${inert(path, 200)}".`);
}
