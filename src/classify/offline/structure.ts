/**
 * What sort of project a README describes, read from its shape rather than
 * its words: a library is installed as a dependency and imported in the
 * examples; a CLI is run by its own name with arguments; a curated list or
 * course is mostly list items that are links; code fences show a language.
 */
import type { ReadmeDoc } from '../../readme.ts';
import { forwardFinder, replaceSpans, spans, type Piece } from '../../text-scan.ts';
import type { ProjectKind } from './knowledge.ts';
import { STRUCTURE_PATTERNS } from './structure-patterns.ts';

export interface Signal {
  /** Strength on the same scale as a cue's accumulated position weight. */
  m: number;
  reason: string;
}

export interface Structure {
  kinds: Partial<Record<ProjectKind, Signal>>;
  /** Code-fence language -> number of fenced blocks. */
  fences: Map<string, number>;
}

/**
 * The install commands (`yarn add x`, `brew install x`), app stores and desktop package formats
 * are data: knowledge/structure.json, compiled by structure-patterns.ts. Adding the project as
 * a dependency with `npm install x` is npmDependencyInstall() below; README text is outside
 * input: no pattern applied to it may backtrack (test/readme-linear.test.ts).
 */
const { dependencyInstall: DEPENDENCY_INSTALL, programInstall: PROGRAM_INSTALL, mobileStores: MOBILE_STORES, desktopPackages: DESKTOP_PACKAGES, sharedPackages: SHARED_PACKAGES } = STRUCTURE_PATTERNS;
/** Dependency manifests in examples. `^[^\S\n\r\u2028\u2029]*` is `^\s*` without scanning on across blank lines from every line start. */
const MANIFEST = /<dependency>|implementation\s*(?:\(\s*)?['"][\w.-]+:[\w.-]+|^[^\S\n\r\u2028\u2029]*\[dependencies\]|"(?:dev)?[dD]ependencies"\s*:|^[^\S\n\r\u2028\u2029]*require\s+['"][\w/-]+['"]/m;
/** An install script piped to a shell: `curl -fsSL https://x/install.sh | sh` (the `|` found first, the curl looked back for). */
const CURL_TO_SHELL = /\|(?<=(?:^|[\s`$>])curl\s[^\n|]*\|)\s*(?:ba|z)?sh/m;
/** Source lines that use a library (`const x = require(` is found from its `=`, looking back). */
const IMPORT_LINE =
  /^[^\S\n\r\u2028\u2029]*(?:import\s+[\w{*"']|from\s+[\w.]+\s+import\s|#include\s*[<"]|use\s+[\w:]+(?:::|;)|using\s+[A-Z][\w.]*;|require\s*\(?['"]|extern\s+crate|library\(|@import\s)|=\s*require\((?<=^[^\S\n\r\u2028\u2029]*(?:const|let|var)\s[\w{}\s,]+=\s*require\()/m;
const LIST_ITEM = /^\s{0,6}(?:[-*+]|\d{1,3}[.)])\s+(?=\S|$)(.*)$/;
/** /\[([^\]]*)\]\((?!#)[^)]+\)/g, matched in linear time. */
const MD_LINK: Piece[] = ['[', { to: ']', keep: true }, '(', { to: ')', nonEmpty: true, notFirst: '#' }];

/**
 * npm run as `npm install x` without `-g` later on its command line:
 * /(?:^|[\s`$>])npm\s+(?:install|i|add)(?![^\n`]*\s(?:-g|--global)\b)/m,
 * without scanning the rest of the line again from every `npm install`.
 */
function npmDependencyInstall(raw: string): boolean {
  const npm = /(?:^|[\s`$>])npm\s+(?:install|i|add)/gm;
  const globalFlag = /\s(?:-g|--global)\b/g;
  const newline = forwardFinder(raw, '\n');
  const tick = forwardFinder(raw, '`');
  let flag = -2; // the first -g at or after the last place looked from; -1: none left
  for (let m = npm.exec(raw); m; m = npm.exec(raw)) {
    const end = m.index + m[0].length;
    if (flag !== -1 && flag < end) {
      globalFlag.lastIndex = end;
      flag = globalFlag.exec(raw)?.index ?? -1;
    }
    if (flag < 0) return true;
    // `[^\n`]*` stops at a newline or a backtick (the `\s` before -g may be that newline).
    const nl = newline(end);
    const bt = tick(end);
    if (flag > Math.min(nl < 0 ? raw.length : nl, bt < 0 ? raw.length : bt)) return true;
  }
  return false;
}

/** A list item that is mostly a link to somewhere else (links to the README's own headings do not count). */
function isLinkItem(line: string): boolean {
  const item = LIST_ITEM.exec(line)?.[1] ?? (/^\s*<li\b/i.test(line) ? line : undefined);
  if (item === undefined) return false;
  if (/^\s*<li>\s*<a\s+href="(?!#)/i.test(item)) return true;
  let linked = 0;
  let links = 0;
  for (const link of spans(item, MD_LINK)) {
    links++;
    linked += link.kept.length;
  }
  if (!links) return false;
  if (/^(?:\*\*|__)?\[[^\]]+\]\((?!#)/.test(item.trim())) return true;
  const visible = replaceSpans(item, MD_LINK, (text) => text)
    .replace(/[*_`]/g, '')
    .trim().length;
  return linked >= Math.min(visible * 0.4, 40) || visible - linked <= 40;
}
/** A fence line (opening or closing); a backtick fence's info string holds no backtick (CommonMark), so "```bash x```" is inline code. */
const FENCE = /^\s{0,3}(?:`{3,}(?!`)(?![^`]*`)|~{3,})/;
/** The language a fenced block's info string names: its leading name characters (`js{1,3}` is js). */
const FENCE_LANGUAGE = /^[\w+#.-]+/;

export function readStructure(raw: string, doc: ReadmeDoc, names: readonly string[]): Structure {
  const kinds: Structure['kinds'] = {};
  const fences = new Map<string, number>();
  const lines = raw.split('\n');
  let proseLines = 0;
  let linkItems = 0;
  let inFence = false;
  // Code-fence languages come from the parse, which knows where each fenced block starts and ends.
  for (const block of doc.blocks) {
    const lang = block.kind === 'code' && block.lang ? FENCE_LANGUAGE.exec(block.lang)?.[0] : undefined;
    if (lang) fences.set(lang, (fences.get(lang) ?? 0) + 1);
  }
  for (const line of lines) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence || !line.trim()) continue;
    proseLines++;
    if (isLinkItem(line)) linkItems++;
  }
  const code = doc.blocks.filter((b) => b.kind === 'code').map((b) => b.text);
  const codeText = code.join('\n');
  const imports = code.filter((c) => IMPORT_LINE.test(c)).length;
  const dependency = npmDependencyInstall(raw) || DEPENDENCY_INSTALL.test(raw) || MANIFEST.test(codeText);
  const program = PROGRAM_INSTALL.test(raw) || CURL_TO_SHELL.test(raw);
  const own = ownCommands(codeText, raw, names);
  const ownCommand = own.count;

  // A library: added as a dependency and imported in the examples.
  if (dependency && imports) kinds.lib = { m: 2, reason: 'installed as a dependency and imported in the examples' };
  else if (dependency) kinds.lib = { m: 0.8, reason: 'installed as a dependency' };
  else if (imports) kinds.lib = { m: 0.8, reason: 'imported in the examples' };
  if (kinds.lib && ownCommand >= 2 && !imports) kinds.lib.m /= 2;
  if (kinds.lib) kinds.sdk = { m: kinds.lib.m / 2, reason: kinds.lib.reason };

  // A command-line program: run by its own name with arguments.
  if (ownCommand > 0 || program) {
    const m = Math.min(2.5, (ownCommand > 0 ? 0.8 + 0.4 * Math.min(ownCommand, 4) : 0) + (program ? 0.6 : 0));
    const why = ownCommand > 0 ? `run as \`${own.name}\` with arguments in the examples` : 'installed as a program';
    kinds.cli = { m, reason: why };
  }

  // An app downloaded from stores or installed with a desktop installer (download tables, store badges).
  const mobile = MOBILE_STORES.filter((re) => re.test(raw)).length;
  if (mobile >= 2) kinds['mobile-app'] = { m: Math.min(3.5, 0.9 * mobile), reason: `downloaded from ${mobile} mobile app stores or formats` };
  const desktop = DESKTOP_PACKAGES.filter((re) => re.test(raw)).length;
  if (desktop >= 1) {
    const shared = SHARED_PACKAGES.filter((re) => re.test(raw)).length;
    kinds['desktop-app'] = { m: Math.min(3.5, 0.9 * desktop + 0.3 * shared), reason: `installed with ${desktop} desktop installer${desktop > 1 ? 's or package formats' : ' or package format'}` };
  }

  // Learning material: a README that is mostly a list of links (not a table of contents), or a curated "awesome" list.
  const awesome = /\bawesome\b/i.test(doc.title) || /\bawesome\b/i.test(doc.blocks[0]?.text ?? '');
  const linkShare = proseLines ? linkItems / proseLines : 0;
  if ((awesome && linkItems >= 10) || (linkItems >= 30 && linkShare >= 0.45))
    kinds.learning = { m: 4, reason: `${awesome ? 'an awesome list, ' : ''}${linkItems} list items that are links (${Math.round(linkShare * 100)}% of the text)` };
  else if (linkItems >= 15 && linkShare >= 0.6) kinds.learning = { m: 1.5, reason: `${linkItems} list items that are links` };

  return { kinds, fences };
}

/** Lines of code (and inline code) that run the project's own command: `jq '.a' x.json`, `$ tool --flag`. */
function ownCommands(codeText: string, raw: string, names: readonly string[]): { count: number; name?: string } {
  // Shell-like lines only: not source code such as `json j = {...};`.
  const shell = codeText
    .split('\n')
    .filter((line) => !/;\s*$|\s=\s|[{}]\s*$|^\s*\/\//.test(line) && !endsWithCall(line))
    .join('\n');
  let best: { count: number; name?: string } = { count: 0 };
  for (const name of names) {
    const n = name.replace(/[.+]/g, '\\$&');
    const lineRe = new RegExp(`^[^\\S\\n\\r\\u2028\\u2029]*(?:[$%>#]\\s+)?(?:sudo\\s+)?${n}(?:\\s+(?!=)[-\\w./'"@:~*{[]|\\s*$)`, 'gim');
    const inlineRe = new RegExp(`\`(?:\\$\\s*)?${n}\\s+-{1,2}[\\w-][^\`]*\``, 'gi');
    const count = (shell.match(lineRe)?.length ?? 0) + (raw.match(inlineRe)?.length ?? 0);
    if (count > best.count) best = { count, name };
  }
  return best;
}

/** /\w\(.*\)\s*$/.test(line) (source code ending in a call), looking back from the end instead of from every `x(`. */
function endsWithCall(line: string): boolean {
  const t = line.trimEnd();
  if (!t.endsWith(')')) return false;
  for (let k = t.length - 2; k >= 1; k--) {
    const c = t[k];
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return false;
    if (c === '(' && /\w/.test(t[k - 1])) return true;
  }
  return false;
}

/** Candidate names of the project's own command: the repository name and the words of the title ("Fast Node Manager (fnm)"). */
export function projectNames(title: string, repository?: string): string[] {
  const names: string[] = [];
  const add = (n: string | undefined, own: boolean) => {
    const v = n?.toLowerCase().replace(/^[^\w]+|(?<!\W)[^\w]+$/g, '');
    if (v && v.length >= 2 && /^[a-z0-9][\w.-]*$/.test(v) && (own || !COMMON_WORDS.has(v)) && !names.includes(v)) names.push(v);
  };
  if (repository) add(repository.split('/').pop(), true);
  // The title's first word is the project's own name even when it is a common command (`npm`, `cargo`).
  title
    .split(/[\s:—–()[\]`,/]+/)
    .filter(Boolean)
    .forEach((word, i) => add(word, i === 0 && !STOP_WORDS.has(word.toLowerCase())));
  return names;
}

const STOP_WORDS = new Set('the a an and or of for to in on with by is it its your my our welcome'.split(' '));
/** Title words that are not a command name, and commands every README runs (knowledge/structure.json). */
const COMMON_WORDS = new Set([...STOP_WORDS, ...STRUCTURE_PATTERNS.notCommandNames]);
