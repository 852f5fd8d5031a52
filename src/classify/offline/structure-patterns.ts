/**
 * The install commands, stores and package formats that structure.ts looks for, read from
 * knowledge/structure.json (its "about" says how they match) and compiled to regexes once.
 *
 * Checked when they load, like the cue tables: every command and mark is written the way it
 * matches (trimmed, single spaces, known placeholders), none is written twice, and none is
 * always matched by another of its list or group (it would be silently dead). README text is
 * outside input: the compiled patterns are alternations of literals, with `\s+` between words,
 * so they take time linear in the README (test/readme-linear.test.ts).
 */
import STRUCTURE from './knowledge/structure.json' with { type: 'json' };
import type { ProjectKind } from './knowledge.ts';
import { phraseWords } from './text.ts';

const LABEL = 'offline knowledge (src/classify/offline/knowledge/structure.json)';

/** A command starts at a line start, after white space, a backtick, `$` or `>`. */
const COMMAND_START = '(?:^|[\\s`$>])';
const PLACEHOLDERS: Readonly<Record<string, string>> = { '{any}': '\\S+', '{name}': '[\\w@-]', '{quoted}': `['"][\\w-]+['"]` };
/** Text standing for each placeholder when commands are tried against each other. */
const SAMPLES: Readonly<Record<string, string>> = { '{any}': 'sample-pkg', '{name}': 'sample-pkg', '{quoted}': "'sample-pkg'", _: 'sample-pkg' };

export interface StructurePatterns {
  dependencyInstall: RegExp;
  programInstall: RegExp;
  mobileStores: RegExp[];
  desktopPackages: RegExp[];
  sharedPackages: RegExp[];
  notCommandNames: ReadonlySet<string>;
  /** Folded words: head nouns that make the project an application. */
  appNouns: ReadonlySet<string>;
  /** Folded words that name an application's platform, by the kind of app they make it. */
  appPlatforms: Array<[ProjectKind, Set<string>]>;
}

const APP_PLATFORM_KINDS: readonly ProjectKind[] = ['cli', 'mobile-app', 'desktop-app', 'web-app'];

interface Command {
  command: string;
  unless: string[];
}

interface Group {
  marks: string[];
  anyCase: boolean;
  unless: string[];
}

/** Text as a regex that matches it literally. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Words with any white space between them. */
const words = (text: string) => text.split(' ').map(escapeRegExp).join('\\s+');
/** Whole words: a boundary at an end that is a letter, digit or `_`. */
const whole = (text: string) => `${/^\w/.test(text) ? '\\b' : ''}${words(text)}${/\w$/.test(text) ? '\\b' : ''}`;
/** Written the way it matches: trimmed, single spaces, something to match. */
const normalised = (text: unknown): text is string => typeof text === 'string' && text.length > 0 && text === text.trim().replace(/\s+/g, ' ') && /[^\s_]/.test(text);

function commandSource({ command, unless }: Command): string {
  const parts = command.split(' ');
  const takesArgument = parts.at(-1) === '_';
  const body = (takesArgument ? parts.slice(0, -1) : parts).map((part) => PLACEHOLDERS[part] ?? escapeRegExp(part)).join('\\s+');
  const not = unless.length ? `(?!${unless.map(words).join('|')})` : '';
  return `${body}${takesArgument ? '\\s+' : ''}${not}`;
}

function commandsPattern(commands: readonly Command[]): RegExp {
  return new RegExp(`${COMMAND_START}(?:${commands.map(commandSource).join('|')})`, 'm');
}

/** The mark, then a look back from its end for each longer phrase that does not count (only where the mark matched: linear). */
function markSource(mark: string, unless: readonly string[]): string {
  return `${whole(mark)}${unless
    .filter((u) => u.endsWith(` ${mark}`))
    .map((u) => `(?<!${whole(u)})`)
    .join('')}`;
}

function groupPattern(group: Group): RegExp {
  return new RegExp(group.marks.map((mark) => markSource(mark, group.unless)).join('|'), group.anyCase ? 'i' : '');
}

/** Compile structure.json's lists, or throw naming every problem. */
/**
 * `overlaps: false` skips the one costly check (every command and mark tried against the others
 * of its list: a regex per pair), for the built-in file at run time: `npm run check:knowledge`
 * (part of the build) and the tests run it in full, so the shipped file has passed it.
 */
export function loadStructurePatterns(raw: unknown, { overlaps = true }: { overlaps?: boolean } = {}): StructurePatterns {
  const problems: string[] = [];
  const data = (raw && typeof raw === 'object' ? raw : {}) as Record<string, { commands?: unknown; groups?: unknown; words?: unknown } | undefined>;
  const seen = new Map<string, string>();
  const commandList = (key: 'dependencyInstall' | 'programInstall') => readCommands(data[key]?.commands, key, problems, seen, overlaps);
  const dependency = commandList('dependencyInstall');
  const program = commandList('programInstall');
  const groups = (key: 'mobileStores' | 'desktopPackages' | 'sharedPackages') => readGroups(data[key]?.groups, key, problems, overlaps);
  const mobile = groups('mobileStores');
  const desktop = groups('desktopPackages');
  const shared = groups('sharedPackages');
  const names = data.notCommandNames?.words;
  const notCommandNames = new Set<string>();
  if (!Array.isArray(names)) problems.push('"notCommandNames": "words" must be a list of words');
  else
    for (const word of names) {
      if (typeof word !== 'string' || !/^[a-z0-9][\w.-]*$/.test(word)) problems.push(`"notCommandNames": ${JSON.stringify(word)} must be one lowercase word, as projectNames() folds a title word`);
      else if (notCommandNames.has(word)) problems.push(`"notCommandNames": "${word}" is written twice`);
      else notCommandNames.add(word);
    }
  const appNouns = foldedWords(data.appNouns?.words, '"appNouns"', problems);
  const kinds = (data.appPlatforms as { kinds?: unknown } | undefined)?.kinds;
  const appPlatforms: Array<[ProjectKind, Set<string>]> = [];
  if (!kinds || typeof kinds !== 'object') problems.push(`"appPlatforms": "kinds" must map ${APP_PLATFORM_KINDS.join(', ')} to lists of words`);
  else
    for (const [kind, list] of Object.entries(kinds)) {
      if (!(APP_PLATFORM_KINDS as readonly string[]).includes(kind)) problems.push(`"appPlatforms": "${kind}" is not one of ${APP_PLATFORM_KINDS.join(', ')}`);
      else appPlatforms.push([kind as ProjectKind, foldedWords(list, `"appPlatforms" "${kind}"`, problems)]);
    }
  if (problems.length) throw new Error(`${LABEL}: ${problems.length} problem${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}.`);
  return {
    dependencyInstall: commandsPattern(dependency),
    programInstall: commandsPattern(program),
    mobileStores: mobile.map(groupPattern),
    desktopPackages: desktop.map(groupPattern),
    sharedPackages: shared.map(groupPattern),
    notCommandNames,
    appNouns,
    appPlatforms,
  };
}

/** Single words folded as the matcher folds README words; one that folds into another, or into several words, is an error. */
function foldedWords(list: unknown, where: string, problems: string[]): Set<string> {
  const out = new Map<string, string>();
  if (!Array.isArray(list)) {
    problems.push(`${where} must be a list of words`);
    return new Set();
  }
  for (const word of list) {
    const folded = typeof word === 'string' ? phraseWords(word) : [];
    if (folded.length !== 1) problems.push(`${where}: ${JSON.stringify(word)} must be one word as the matcher reads text (it reads ${JSON.stringify(folded.join(' '))})`);
    else if (out.has(folded[0])) problems.push(`${where}: "${word}" folds into "${out.get(folded[0])}" ("${folded[0]}"), so it adds nothing; keep one`);
    else out.set(folded[0], word as string);
  }
  return new Set(out.keys());
}

function readCommands(list: unknown, key: string, problems: string[], seen: Map<string, string>, overlaps: boolean): Command[] {
  if (!Array.isArray(list) || !list.length) {
    problems.push(`"${key}": "commands" must be a list of commands`);
    return [];
  }
  const commands: Command[] = [];
  for (const item of list) {
    const spec = typeof item === 'string' ? { command: item, unless: [] } : (item as { command?: unknown; unless?: unknown });
    const { command, unless = [] } = spec ?? {};
    const where = `"${key}": the command ${JSON.stringify(command)}`;
    if (!normalised(command) || !Array.isArray(unless) || !unless.every(normalised)) {
      problems.push(`${where} must be trimmed text with single spaces, its "unless" a list of such arguments`);
      continue;
    }
    const parts = command.split(' ');
    const unknown = parts.find((p, i) => (p.startsWith('{') && !(p in PLACEHOLDERS)) || (p === '_' && i !== parts.length - 1) || (i === 0 && (p === '_' || p in PLACEHOLDERS)));
    if (unknown !== undefined) {
      problems.push(`${where} has "${unknown}" where it cannot be (placeholders: ${Object.keys(PLACEHOLDERS).join(', ')}, and _ as the last word)`);
      continue;
    }
    const other = seen.get(command);
    if (other !== undefined) problems.push(`${where} is written twice (also in "${other}")`);
    else {
      seen.set(command, key);
      commands.push({ command, unless: unless as string[] });
    }
  }
  // A command another one always matches is dead: try each against the others' sample lines.
  for (const a of overlaps ? commands : []) {
    const sample = ` ${a.command
      .split(' ')
      .map((p) => SAMPLES[p] ?? p)
      .join(' ')}`;
    for (const b of commands) {
      if (a === b) continue;
      if (commandsPattern([b]).test(sample)) problems.push(`"${key}": the command "${a.command}" is always matched by "${b.command}", so it never counts; keep one`);
    }
  }
  return commands;
}

function readGroups(list: unknown, key: string, problems: string[], overlaps: boolean): Group[] {
  if (!Array.isArray(list) || !list.length) {
    problems.push(`"${key}": "groups" must be a list of {"marks": [...]}`);
    return [];
  }
  const groups: Group[] = [];
  const seen = new Map<string, number>();
  list.forEach((item: { marks?: unknown; anyCase?: unknown; unless?: unknown }, index) => {
    const where = `"${key}" group ${index + 1}`;
    const { marks, anyCase = false, unless = [] } = item ?? {};
    if (!Array.isArray(marks) || !marks.length || !marks.every(normalised) || typeof anyCase !== 'boolean' || !Array.isArray(unless) || !unless.every(normalised)) {
      problems.push(`${where} must be {"marks": [...], "anyCase"?: true or false, "unless"?: [...]}, each mark trimmed text with single spaces`);
      return;
    }
    const group: Group = { marks: [], anyCase, unless: unless as string[] };
    for (const mark of marks as string[]) {
      const folded = anyCase ? mark.toLowerCase() : mark;
      const other = seen.get(folded);
      if (other !== undefined) problems.push(`${where}: the mark "${mark}" is written twice (also in group ${other})`);
      else {
        seen.set(folded, index + 1);
        group.marks.push(mark);
      }
    }
    for (const u of group.unless) if (!group.marks.some((m) => u.endsWith(` ${m}`))) problems.push(`${where}: "unless" "${u}" does not end with one of the group's marks`);
    // A mark another mark of the group always finds inside it adds nothing to the group.
    for (const a of overlaps ? group.marks : [])
      for (const b of group.marks)
        if (a !== b && new RegExp(whole(b), anyCase ? 'i' : '').test(a)) problems.push(`${where}: the mark "${a}" is always matched by "${b}", so it never counts; keep one`);
    groups.push(group);
  });
  return groups;
}

/** The compiled patterns of the built-in file (checked in full by `npm run check:knowledge`). */
export const STRUCTURE_PATTERNS: StructurePatterns = loadStructurePatterns(STRUCTURE, { overlaps: false });
