/**
 * What sort of project a README describes, read from its shape rather than
 * its words: a library is installed as a dependency and imported in the
 * examples; a CLI is run by its own name with arguments; a curated list or
 * course is mostly list items that are links; code fences show a language.
 */
import type { ReadmeDoc } from '../../readme.ts';
import type { ProjectKind } from './knowledge.ts';

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

/** Adding the project as a dependency of your own code. */
const DEPENDENCY_INSTALL =
  /(?:^|[\s`$>])(?:npm\s+(?:install|i|add)(?![^\n`]*\s(?:-g|--global)\b)|yarn\s+add|pnpm\s+(?:add|install|i)\s|bun\s+add|pip3?\s+install\s+(?!-r\b|-e\b|--upgrade\s+pip|-U\s+pip)|python3?\s+-m\s+pip\s+install|poetry\s+add|uv\s+(?:add|pip\s+install)|conda\s+install|go\s+get\s|cargo\s+add|composer\s+require|dotnet\s+add\s+package|install\.packages\(|Install-Package|gem\s+['"][\w-]+['"])/m;
/** Dependency manifests in examples. */
const MANIFEST = /<dependency>|implementation\s*\(?\s*['"][\w.-]+:[\w.-]+|^\s*\[dependencies\]|"(?:dev)?[dD]ependencies"\s*:|^\s*require\s+['"][\w/-]+['"]/m;
/** Installing a program to run, not a dependency. */
const PROGRAM_INSTALL =
  /(?:^|[\s`$>])(?:npm\s+(?:install|i)\s+(?:-g|--global)\b|npm\s+(?:install|i)\s+\S+\s+(?:-g|--global)\b|yarn\s+global\s+add|cargo\s+install|go\s+install|brew\s+install|pipx\s+install|scoop\s+install|choco\s+install|winget\s+install|snap\s+install|nix-env\s+-i|npx\s+[\w@-]|curl\s[^\n|]*\|\s*(?:ba|z)?sh)/m;
/** Source lines that use a library. */
const IMPORT_LINE =
  /^\s*(?:import\s+[\w{*"']|from\s+[\w.]+\s+import\s|(?:const|let|var)\s+[\w{}\s,]+=\s*require\(|#include\s*[<"]|use\s+[\w:]+(?:::|;)|using\s+[A-Z][\w.]*;|require\s*\(?['"]|extern\s+crate|library\(|@import\s)/m;
const LIST_ITEM = /^\s{0,6}(?:[-*+]|\d{1,3}[.)])\s+\S/;
const LINK_ITEM = /^\s{0,6}(?:[-*+]|\d{1,3}[.)])\s+(?:\*\*|__)?\[[^\]]+\]\([^)]+\)|^\s*<li>\s*<a\s/i;
const FENCE_OPEN = /^\s{0,3}(?:`{3,}|~{3,})\s*([\w+#.-]+)?/;

export function readStructure(raw: string, doc: ReadmeDoc, names: readonly string[]): Structure {
  const kinds: Structure['kinds'] = {};
  const fences = new Map<string, number>();
  const lines = raw.split('\n');
  let listItems = 0;
  let linkItems = 0;
  let inFence = false;
  for (const line of lines) {
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      if (!inFence && fence[1]) {
        const lang = fence[1].toLowerCase();
        fences.set(lang, (fences.get(lang) ?? 0) + 1);
      }
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (LIST_ITEM.test(line) || /^\s*<li\b/i.test(line)) {
      listItems++;
      if (LINK_ITEM.test(line)) linkItems++;
    }
  }

  const code = doc.blocks.filter((b) => b.kind === 'code').map((b) => b.text);
  const codeText = code.join('\n');
  const imports = code.filter((c) => IMPORT_LINE.test(c)).length;
  const dependency = DEPENDENCY_INSTALL.test(raw) || MANIFEST.test(codeText);
  const program = PROGRAM_INSTALL.test(raw);
  const ownCommand = countOwnCommands(codeText, raw, names);

  // A library: added as a dependency and imported in the examples.
  if (dependency && imports) kinds.lib = { m: 2, reason: 'installed as a dependency and imported in the examples' };
  else if (dependency) kinds.lib = { m: 0.8, reason: 'installed as a dependency' };
  else if (imports) kinds.lib = { m: 0.8, reason: 'imported in the examples' };
  if (kinds.lib && ownCommand >= 2 && !imports) kinds.lib.m /= 2;
  if (kinds.lib) kinds.sdk = { m: kinds.lib.m / 2, reason: kinds.lib.reason };

  // A command-line program: run by its own name with arguments.
  if (ownCommand > 0 || program) {
    const m = Math.min(2.5, (ownCommand > 0 ? 0.8 + 0.4 * Math.min(ownCommand, 4) : 0) + (program ? 0.6 : 0));
    const why = ownCommand > 0 ? `run as \`${names[0] ?? 'its own command'}\` with arguments in the examples` : 'installed as a program';
    kinds.cli = { m, reason: why };
  }

  // Learning material: a README that is mostly a list of links, or a curated "awesome" list.
  const awesome = /\bawesome\b/i.test(doc.title) || /\bawesome\b/i.test(doc.blocks[0]?.text ?? '');
  const linkShare = listItems ? linkItems / listItems : 0;
  if ((awesome && linkItems >= 10) || (linkItems >= 30 && linkShare >= 0.5)) kinds.learning = { m: 2.5, reason: `${linkItems} list items that are links${awesome ? ', an awesome list' : ''}` };
  else if (linkItems >= 12 && linkShare >= 0.5) kinds.learning = { m: 1.2, reason: `${linkItems} list items that are links` };

  return { kinds, fences };
}

/** Lines of code (and inline code) that run the project's own command: `jq '.a' x.json`, `$ tool --flag`. */
function countOwnCommands(codeText: string, raw: string, names: readonly string[]): number {
  const usable = names.filter((n) => n.length >= 2 && /^[a-z0-9][\w.-]*$/.test(n));
  if (!usable.length) return 0;
  const alt = usable.map((n) => n.replace(/[.+]/g, '\\$&')).join('|');
  const lineRe = new RegExp(`^\\s*(?:[$%>#]\\s+)?(?:sudo\\s+)?(?:${alt})(?:\\s+(?!install\\b|=)[-\\w./'"@:~*{[]|\\s*$)`, 'gim');
  const inlineRe = new RegExp('`(?:\\$\\s*)?(?:' + alt + ')\\s+-{1,2}[\\w-]+[^`]*`', 'gi');
  return (codeText.match(lineRe)?.length ?? 0) + (raw.match(inlineRe)?.length ?? 0);
}

/** Candidate names of the project's own command: the repository name and the title's first word. */
export function projectNames(title: string, repository?: string): string[] {
  const names: string[] = [];
  const add = (n: string | undefined) => {
    const v = n?.toLowerCase().replace(/[^\w.-]+/g, '');
    if (v && v.length >= 2 && !names.includes(v)) names.push(v);
  };
  if (repository) add(repository.split('/').pop());
  add(title.split(/[\s:—–(]+/).find(Boolean));
  return names;
}
