/**
 * The fleet's repository patterns (pure): `owner/name`, `owner/*`, a glob on
 * the name (`owner/api-*`, `owner/svc-?`), and `!` before any of them to
 * exclude what it matches. Entries are separated by newlines or commas.
 * Owners are literal (an organisation or a user); names compare as GitHub
 * compares them, without regard to case.
 */
import { inert } from '../log.ts';

export interface Pattern {
  /** The entry as written (trimmed), for messages. */
  entry: string;
  exclude: boolean;
  owner: string;
  /** The name part as written: a name, `*`, or a glob. */
  name: string;
  /** True when `name` has `*` or `?`. */
  glob: boolean;
  /** Matches a repository name (case-insensitive, whole name). */
  test(repoName: string): boolean;
}

export interface FleetPatterns {
  patterns: Pattern[];
  /** Owners with at least one including entry, in order of first appearance (lowercase keys, as written values). */
  owners: string[];
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NAME_GLOB = /^[A-Za-z0-9._*?-]{1,100}$/;

/**
 * Parse the entries. `label` names where they came from (`Input "repositories"`,
 * `PATTERN`) and every error names the offending entry.
 */
export function parsePatterns(text: string | readonly string[], label: string): FleetPatterns {
  const entries = (typeof text === 'string' ? [text] : text)
    .flatMap((t) => t.split(/[\n,]/))
    .map((e) => e.trim())
    .filter((e) => e && !e.startsWith('#'));
  if (!entries.length) throw new Error(`${label}: no repositories given. Write owner/name, owner/* or owner/glob-*, separated by newlines or commas.`);
  const patterns = entries.map((entry) => parseEntry(entry, label));
  const owners: string[] = [];
  const seen = new Set<string>();
  for (const p of patterns) {
    if (p.exclude || seen.has(p.owner.toLowerCase())) continue;
    seen.add(p.owner.toLowerCase());
    owners.push(p.owner);
  }
  if (!owners.length) {
    throw new Error(`${label}: every entry is an exclusion (starts with "!"), so nothing is selected. Add an entry such as ${patterns[0].owner}/*.`);
  }
  return { patterns, owners };
}

function parseEntry(entry: string, label: string): Pattern {
  const exclude = entry.startsWith('!');
  const body = exclude ? entry.slice(1).trim() : entry;
  const shown = inert(entry, 120);
  const slash = body.indexOf('/');
  if (slash < 0 || body.indexOf('/', slash + 1) >= 0) {
    throw new Error(`${label}: entry "${shown}" must be owner/name, owner/* or owner/glob (for example acme/api-*).`);
  }
  const owner = body.slice(0, slash);
  const name = body.slice(slash + 1);
  if (!OWNER.test(owner)) {
    throw new Error(`${label}: entry "${shown}" has an invalid owner: a user or organisation login is letters, digits and hyphens (no wildcards).`);
  }
  if (!NAME_GLOB.test(name) || name === '.' || name === '..') {
    throw new Error(`${label}: entry "${shown}" has an invalid name: use letters, digits, ".", "_", "-", and "*" or "?" as wildcards.`);
  }
  const glob = /[*?]/.test(name);
  const lower = name.toLowerCase();
  const test = glob ? globMatcher(lower) : (repoName: string) => repoName.toLowerCase() === lower;
  return { entry, exclude, owner, name, glob, test };
}

/** `*` is any run of characters, `?` one character. Linear-time: no regular expression is built from the entry. */
function globMatcher(glob: string): (name: string) => boolean {
  return (input: string) => {
    const name = input.toLowerCase();
    let g = 0;
    let n = 0;
    let star = -1;
    let mark = 0;
    while (n < name.length) {
      if (g < glob.length && (glob[g] === '?' || glob[g] === name[n])) {
        g++;
        n++;
      } else if (g < glob.length && glob[g] === '*') {
        star = g++;
        mark = n;
      } else if (star >= 0) {
        g = star + 1;
        n = ++mark;
      } else return false;
    }
    while (g < glob.length && glob[g] === '*') g++;
    return g === glob.length;
  };
}

/** Does the fleet include `owner/name`: some including entry matches and no exclusion does. */
export function selects(fleet: FleetPatterns, owner: string, name: string): boolean {
  const o = owner.toLowerCase();
  let included = false;
  for (const p of fleet.patterns) {
    if (p.owner.toLowerCase() !== o || !p.test(name)) continue;
    if (p.exclude) return false;
    included = true;
  }
  return included;
}

/**
 * How to read an owner: `list` its repositories (some entry is a glob), or
 * fetch the exact names given (cheaper when only a few are named).
 */
export function ownerPlan(fleet: FleetPatterns, owner: string): { list: true } | { list: false; names: string[] } {
  const o = owner.toLowerCase();
  const including = fleet.patterns.filter((p) => !p.exclude && p.owner.toLowerCase() === o);
  if (including.some((p) => p.glob)) return { list: true };
  const names: string[] = [];
  const seen = new Set<string>();
  for (const p of including) {
    if (seen.has(p.name.toLowerCase()) || !selects(fleet, owner, p.name)) continue;
    seen.add(p.name.toLowerCase());
    names.push(p.name);
  }
  return { list: false, names };
}
