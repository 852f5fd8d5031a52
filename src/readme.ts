/**
 * README text -> structured, cleaned blocks (pure), parsed once per run: the
 * ReadmeDoc that parseReadme() returns flows through the pipeline (hasText)
 * into the classifier's request (offline scoring, the LLM prompt).
 * Loading from disk or the API lives in readme-load.ts.
 *
 * The block structure comes from a CommonMark + GFM parser, marked's block
 * lexer (ATX and setext headings, paragraphs, lists, block quotes, fenced
 * code with its language and indented code, tables, HTML blocks, link
 * reference definitions). Before it, line passes: the HTML that READMEs
 * embed becomes Markdown (GitHub renders no Markdown inside an HTML block),
 * reStructuredText headings, directives and literal blocks become their
 * Markdown equivalents, front matter goes, and container nesting is bounded.
 * Inline text is cleaned by cleanInline() (badges, images, links, entities,
 * emphasis).
 *
 * Time per byte is bounded: README text is outside input (up to 512 KiB), so
 * no pattern here may backtrack over it. Only marked's block lexer runs: its
 * inline lexer has super-linear cases (a heading of punctuation, a long
 * dotted e-mail local part: a minute at 128 KiB). Inline patterns that would
 * backtrack (a lazy scan to a closing tag, `[^\]]*` from every `[`) go through
 * the linear scanners of text-scan.ts. Nested block quotes and lists, which
 * marked lexes once per level, recursing (a line of 10,000 `>` overflows the
 * stack), are cut to MAX_NESTING levels first (boundLine).
 * test/readme-linear.test.ts checks the whole parser for linear time on
 * adversarial input; `npm run bench:parser` measures it.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { countTags, removeComments, removeEmails, replaceElements, replaceSpans, replaceTags, unwrapEmphasis, unwrapRstLinks, unwrapStrong } from './text-scan.ts';

export type BlockKind = 'title' | 'heading' | 'paragraph' | 'list' | 'quote' | 'table' | 'code';

export interface Block {
  kind: BlockKind;
  /** Cleaned plain text: no markup, badges or images; link text kept, URLs dropped. */
  text: string;
  /** Text of the nearest heading above ('' before any heading). */
  section: string;
  /** Level of that heading (0 before any heading). */
  depth: number;
  /** A code block, or inside an install/build/test/licence/contributing/... section. */
  noise: boolean;
  /** The title, the tagline, or one of the opening prose blocks. */
  lead: boolean;
  /** Code blocks: the fence's language, lowercased ('' for none, and for indented code). */
  lang?: string;
}

export interface ReadmeDoc {
  title: string;
  tagline: string;
  blocks: Block[];
  /** The text that was parsed: the README as read, cut to MAX_PARSED_CHARS. */
  source: string;
}

/** Characters of a README parsed; the rest cannot change what the project is. */
export const MAX_PARSED_CHARS = 200_000;

/** Headings whose sections say how to install, build, test or fund a project, not what it is. */
const NOISE_HEADING =
  /\b(install(s|ation|ing)?|set ?up|build(s|ing)?|compil(e|ing|ation)|tests?|testing|running tests|licen[cs]e|licen[cs]ing|contribut(e|es|ing|ion|ions|ors?)|changelog|change ?log|release notes|releases|sponsors?|sponsorship|backers|acknowledg(e)?ments?|credits|thanks|authors?|maintainers?|team|code of conduct|support(ing)?|donat(e|ions?)|faq|troubleshoot(ing)?|requirements|prerequisites|dependencies|development|developing|developers?|roadmap|todo|star history|stargazers|citation|citing|cite|table of contents|contents|toc|community|contact|security policy|reporting (bugs|issues)|versioning|upgrad(e|ing)|migration|copyright|disclaimer|status|build status|downloads?|compatibility|platform support|supported platforms|system requirements|environment|configuration|benchmarks? results)\b/i;

/** Headings that introduce the project; their first paragraphs count as the lead. */
const INTRO_HEADING = /^(about|about (the )?project|introduction|intro|overview|what is\b.*|what's\b.*|description|summary|motivation|why\b.*|features?|key features|highlights|the project)$/i;

/** Section names that are never a project's title. */
const GENERIC_HEADING =
  /^(getting started|get started|documentation|docs|quick ?start|quick links|usage|how to use|examples?|demo|screenshots?|translations?|languages?|news|announcements?|links|resources|overview|features?)\b|:$|\s[•·|]\s/i;

/** A long heading is a sentence about the project, not an install or licence section. */
const MAX_NOISE_HEADING_WORDS = 5;

function isNoiseHeading(text: string): boolean {
  return wordCount(text) <= MAX_NOISE_HEADING_WORDS && !/[.!]$/.test(text) && NOISE_HEADING.test(text);
}

/** A row of short links such as "Website • Docs • Discord": navigation, not prose. */
function isNavRow(text: string): boolean {
  const parts = text.split(/\s[•·|]\s|\s[-–—]\s(?=\S+(\s\S+)?\s[-–—•·|]\s)/).filter((p) => p && p.trim());
  return parts.length >= 3 && parts.every((p) => wordCount(p) <= 3);
}

const MAX_LEAD_BLOCKS = 3;

interface RawBlock {
  kind: BlockKind;
  lines: string[];
  level?: number;
  /** Table rows, each a list of cells (tables only). */
  rows?: string[][];
  /** A code block's language (see fenceLanguage()). */
  lang?: string;
}

/** The README parsed, once a run: title, tagline and cleaned blocks (see Block). */
export function parseReadme(text: string): ReadmeDoc {
  const source = text.length > MAX_PARSED_CHARS ? text.slice(0, MAX_PARSED_CHARS) : text;
  const raw = markdownBlocks(rstToMarkdown(preprocess(source)));
  const blocks: Block[] = [];
  let title = '';
  let tagline = '';
  let section = '';
  let depth = 0;
  let noiseDepth = 0; // depth of the heading that opened a noise section; 0 = none
  let sawTitle = false;
  let headingsAfterTitle = 0;
  let introSection = false;
  let leadCount = 0;
  let contentSinceTitle = 0;

  for (const rb of raw) {
    if (rb.kind === 'heading') {
      const text = cleanInline(rb.lines.join(' '));
      if (!text) continue;
      const level = rb.level ?? 1;
      const isTitle =
        !sawTitle && headingsAfterTitle === 0 && !isNoiseHeading(text) && !INTRO_HEADING.test(text) && !GENERIC_HEADING.test(text) && (level === 1 || (blocks.length === leadCount && level <= 2));
      if (isTitle) {
        sawTitle = true;
        title = text;
        blocks.push({ kind: 'title', text, section: '', depth: 0, noise: false, lead: true });
        continue;
      }
      // A heading right after the title, before any content, that reads as a sentence is the tagline.
      if (sawTitle && headingsAfterTitle === 0 && contentSinceTitle === 0 && !tagline && wordCount(text) >= 2 && !isNoiseHeading(text) && !GENERIC_HEADING.test(text) && !INTRO_HEADING.test(text)) {
        tagline = text;
        leadCount++;
        contentSinceTitle++;
        blocks.push({ kind: 'paragraph', text, section, depth, noise: false, lead: true });
        continue;
      }
      // No title yet, nothing read yet: a sentence set as a small heading (a centred <h3>) is the tagline.
      if (!sawTitle && !tagline && leadCount === 0 && headingsAfterTitle === 0 && level >= 3 && wordCount(text) >= 4 && !isNoiseHeading(text) && !GENERIC_HEADING.test(text)) {
        tagline = text;
        leadCount++;
        blocks.push({ kind: 'paragraph', text, section, depth, noise: false, lead: true });
        continue;
      }
      headingsAfterTitle++;
      if (noiseDepth && level <= noiseDepth) noiseDepth = 0;
      if (!noiseDepth && isNoiseHeading(text) && !INTRO_HEADING.test(text)) noiseDepth = level;
      section = text;
      depth = level;
      introSection = !noiseDepth && INTRO_HEADING.test(text) && headingsAfterTitle <= 2;
      blocks.push({ kind: 'heading', text, section, depth, noise: noiseDepth > 0, lead: false });
      continue;
    }
    const isCode = rb.kind === 'code';
    const text = isCode ? rb.lines.join('\n') : cleanBlockText(rb);
    if (!text.trim()) continue;
    const noise = isCode || noiseDepth > 0 || isNavRow(text);
    const prose = rb.kind === 'paragraph' || rb.kind === 'quote';
    // The opening, an intro section, or, when the README opens with headings only
    // (a nav bar, "Getting Started"), the first prose under its first few headings.
    const inLeadZone = headingsAfterTitle === 0 || introSection || (leadCount === 0 && headingsAfterTitle <= 3);
    const lead = !noise && prose && inLeadZone && leadCount < MAX_LEAD_BLOCKS && isProse(text);
    if (lead) {
      leadCount++;
      if (!tagline) tagline = text;
    }
    if (sawTitle) contentSinceTitle++;
    blocks.push({ kind: rb.kind, text, section, depth, noise, lead, ...(isCode ? { lang: rb.lang ?? '' } : {}) });
  }
  return { title, tagline, blocks, source };
}

/**
 * The README reduced to what says what the project is, for a language model:
 * the title, the opening prose, then headings and prose of sections that are
 * not install/build/test/licence/contributing noise. No code, badges, images,
 * HTML or URLs. Cut at a block boundary before maxChars.
 */
export function cleanReadme(readme: string | ReadmeDoc, opts: { maxChars?: number } = {}): string {
  const doc = typeof readme === 'string' ? parseReadme(readme) : readme;
  const max = opts.maxChars ?? Number.POSITIVE_INFINITY;
  const out: string[] = [];
  let size = 0;
  for (const block of doc.blocks) {
    if (block.noise) continue;
    let line: string;
    switch (block.kind) {
      case 'title':
        line = `# ${block.text}`;
        break;
      case 'heading':
        line = `${'#'.repeat(Math.min(Math.max(block.depth, 2), 6))} ${block.text}`;
        break;
      case 'list':
        line = block.text
          .split('\n')
          .map((item) => `- ${item}`)
          .join('\n');
        break;
      default:
        line = block.text;
    }
    if (size + line.length + 2 > max) {
      const room = max - size - 2;
      if (room > 80 && block.kind !== 'heading') out.push(cutAtWord(line, room));
      break;
    }
    out.push(line);
    size += line.length + 2;
  }
  // Drop trailing headings whose content was cut or was all noise.
  while (out.length && /^#+ /.test(out[out.length - 1])) out.pop();
  return out.join('\n\n');
}

function cutAtWord(text: string, room: number): string {
  const cut = text.slice(0, room);
  const space = cut.lastIndexOf(' ');
  return (space > room * 0.6 ? cut.slice(0, space) : cut).trimEnd() + ' …';
}

/** Words with a letter or digit in them (emoji and punctuation do not count). */
function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/g;

/** A paragraph that reads as a sentence, not a row of links or a lone word (CJK text has no spaces). */
function isProse(text: string): boolean {
  return (wordCount(text) >= 3 && /[a-z\u00C0-\uFFFF]/i.test(text)) || (text.match(CJK)?.length ?? 0) >= 8;
}

// ---------------------------------------------------------------------------
// Pre-processing: HTML and reStructuredText into Markdown-like lines.

const HTML_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    }
    return HTML_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const HTML_BLOCK_OPEN = /<(p|div|table|center|details|section|article|header|footer|ul|ol|blockquote|h[1-6])\b[^>]*>/gi;
const HTML_BLOCK_CLOSE = /<\/(p|div|table|center|details|section|article|header|footer|ul|ol|blockquote|h[1-6])\s*>/gi;

/**
 * GitHub renders no Markdown inside an HTML block, so indentation there is
 * layout, not an indented code block: drop it.
 */
function dedentHtmlBlocks(text: string): string {
  let depth = 0;
  let inFence = false;
  return text
    .split('\n')
    .map((line) => {
      if (FENCE.test(line)) inFence = !inFence;
      if (inFence) return line;
      const opens = countTags(line, HTML_BLOCK_OPEN);
      const closes = line.match(HTML_BLOCK_CLOSE)?.length ?? 0;
      const inside = depth > 0 || opens > 0;
      depth = Math.max(0, depth + opens - closes);
      return inside ? line.trimStart() : line;
    })
    .join('\n');
}

/** Alt text this long, with a full stop, is prose (a banner image's tagline), not a label. */
const MIN_ALT_SENTENCE_WORDS = 8;

function preprocess(text: string): string {
  let t = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  t = dropFrontMatter(t);
  // U+2028 and U+2029 end a line for `.` and `$` in a regex but not for Markdown: spaces, so that no line
  // holds a line terminator (the line patterns below rely on it to stay linear).
  t = t.replace(/[\u2028\u2029]/g, ' ');
  t = removeComments(t);
  t = dedentHtmlBlocks(t);
  // Blocks of markup whose content is never prose.
  t = replaceElements(t, /<(script|style|svg|picture|video|audio|object|iframe)\b/gi, false, () => '\n');
  t = replaceElements(t, /<(pre)\b/gi, true, (_name, inner) => `\n\`\`\`\n${stripTags(inner)}\n\`\`\`\n`);
  // HTML headings become ATX headings on their own lines.
  t = replaceElements(t, /<(h[1-6])\b/gi, true, (name, inner) => {
    const body = stripTags(inner).replace(/\s+/g, ' ').trim();
    return body ? `\n\n${'#'.repeat(Number(name[1]))} ${body}\n\n` : '\n';
  });
  // An image is dropped, unless its alt text is a sentence about the project (a banner that carries the tagline).
  t = replaceTags(t, /<img\b[^>]*>/gi, (tag) => {
    const alt = /\balt\s*=\s*"([^"]*)"/i.exec(tag)?.[1]?.trim() ?? '';
    return wordCount(alt) >= MIN_ALT_SENTENCE_WORDS && /[.!]/.test(alt) ? `\n\n${alt}\n\n` : '';
  });
  t = t.replace(/<br\s*\/?>/gi, '\n');
  t = replaceTags(t, /<\/?(p|div|table|thead|tbody|tr|ul|ol|details|summary|section|article|header|footer|center|blockquote|hr)\b[^>]*>/gi, () => '\n\n');
  t = replaceTags(t, /<li\b[^>]*>/gi, () => '\n- ');
  t = t.replace(/<\/(li|td|th)\s*>/gi, ' ');
  return t;
}

/** YAML front matter (`---`, `key: value` lines, `---`), which GitHub shows as a table of metadata, not prose. */
function dropFrontMatter(text: string): string {
  if (!text.startsWith('---\n') || !/^[\w-]+:/.test(text.slice(4, 260))) return text;
  const end = /\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text.slice(3));
  return end ? text.slice(3 + end.index + end[0].length) : text;
}

function stripTags(html: string): string {
  return replaceTags(html, /<\/?[a-z][^>]*>/gi, () => ' ');
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const RST_UNDERLINE = /^([=\-~^"'#*+_.:])\1{2,}\s*$/;
/** Under a line of text, Markdown reads these as a setext heading: marked's to decide. */
const SETEXT_UNDERLINE = '=-';
/** ...and these as a thematic break (`*`, `_`) or a code fence (`~`): a title's underline only when it is as long as the title. */
const FULL_UNDERLINE = '*_~';
// `(?=\S|$)`: the spaces before the item all belong to `\s+`, not to `.*` (the same match, without trying every split).
const LIST_ITEM = /^\s{0,6}(?:[-*+•]|\d{1,3}[.)])\s+(?=\S|$)(.*)$/;
const RST_DIRECTIVE = /^\.\.\s+(\S+?)::\s*(.*)$|^\.\.\s+\|[^|]+\|\s+\S+::|^\.\.\s+_[^:]+:|^\.\.\s*$/;
/** A line of a directive's indented body, or a blank line followed by one. */
const INDENTED = /^\s+\S/;

/**
 * reStructuredText into Markdown, line by line, outside code fences, for
 * the parser to read: a title between an overline and an underline, or over
 * an underline of a character that Markdown gives no meaning there (`~`,
 * `^`, `+`, `#`...), becomes an ATX heading (levels in the order the
 * underlines first appear, as docutils numbers them); a directive and its
 * indented body go (the argument of `title`, `topic` and `rubric` stays, a
 * heading); the indented literal block after a line ending in `::` becomes
 * indented code. A `•` bullet becomes a list item, and every line goes
 * through boundLine().
 */
function rstToMarkdown(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  const levels: string[] = [];
  let fence = '';
  let literalNext = false;
  let afterText = false; // the line before is part of a paragraph: an underline under it is not a title's
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      out.push(line);
      if (line.trimStart().startsWith(fence)) fence = '';
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = open[1];
      out.push(line);
      literalNext = afterText = false;
      continue;
    }
    if (!line.trim()) {
      out.push(line);
      afterText = false;
      continue;
    }
    if (literalNext && INDENTED.test(line)) {
      for (; i < lines.length && (INDENTED.test(lines[i]) || !lines[i].trim()); i++) out.push(lines[i].trim() ? `    ${boundLine(lines[i])}` : '');
      i--;
      literalNext = afterText = false;
      continue;
    }
    literalNext = false;
    const directive = line.startsWith('..') ? RST_DIRECTIVE.exec(line.trim()) : null;
    if (directive) {
      const name = (directive[1] ?? '').toLowerCase();
      if ((name === 'title' || name === 'topic' || name === 'rubric') && directive[2]) out.push('', `## ${directive[2]}`, '');
      else out.push('');
      // Skip the directive's indented body.
      while (i + 1 < lines.length && (INDENTED.test(lines[i + 1]) || (!lines[i + 1].trim() && INDENTED.test(lines[i + 2] ?? '')))) i++;
      afterText = false;
      continue;
    }
    const next = lines[i + 1] ?? '';
    const mark = line.trim()[0];
    if (RST_UNDERLINE.test(line) && i + 2 < lines.length && next.trim() && RST_UNDERLINE.test(lines[i + 2]) && lines[i + 2].trim()[0] === mark) {
      out.push('', `${'#'.repeat(rstLevel(levels, `o${mark}`))} ${next.trim()}`, '');
      i += 2;
      afterText = false;
      continue;
    }
    const under = next.trim();
    if (
      !afterText &&
      RST_UNDERLINE.test(next) &&
      !SETEXT_UNDERLINE.includes(under[0]) &&
      under.length >= (FULL_UNDERLINE.includes(under[0]) ? line.trim().length : Math.min(line.trim().length, 3)) &&
      !LIST_ITEM.test(line) &&
      !line.startsWith('|')
    ) {
      out.push('', `${'#'.repeat(rstLevel(levels, under[0]))} ${line.trim()}`, '');
      i++;
      continue;
    }
    if ((isSubstitutionRow(line) && !TABLE_DELIMITER_ROW.test(next)) || GRID_TABLE_BORDER.test(line)) continue;
    if (/::\s*$/.test(line)) literalNext = true;
    const bounded = boundLine(line);
    out.push(/^\s{0,3}•\s/.test(bounded) ? bounded.replace('•', '-') : bounded);
    afterText = !LIST_ITEM.test(line) && !/^\s{0,3}[>|]/.test(line);
  }
  return out.join('\n');
}

/** A Markdown table's delimiter row (`| :---: |`): the line above is the table's header, not substitutions. */
const TABLE_DELIMITER_ROW = /^\s*(?:\|\s*)?:?-+:?\s*\|/;
/** A border row of a reStructuredText grid table. */
const GRID_TABLE_BORDER = /^\s*\+[-=+]+\+\s*$/;

/**
 * A line of reStructuredText substitution references only, as badge rows are
 * (`|build| |coverage|`, or `| |build| |docs|` as a line block): `|`-separated
 * parts, alternately spaces (or the `_` of a link) and names.
 */
const SUBSTITUTION_NAME = /^[\p{L}\p{N}_ .:+-]+$/u;

function isSubstitutionRow(line: string): boolean {
  const t = line.trim().replace(/^\|\s+(?=\|)/, '');
  if (!t.startsWith('|') || t.length < 3) return false;
  const parts = t.split('|');
  return parts.length % 2 === 1 && parts.every((part, i) => (i % 2 ? SUBSTITUTION_NAME.test(part) && part === part.trim() : /^_{0,2}\s*$/.test(part)));
}

function rstLevel(levels: string[], marker: string): number {
  let index = levels.indexOf(marker);
  if (index < 0) {
    levels.push(marker);
    index = levels.length - 1;
  }
  return Math.min(index + 1, 6);
}

/** Block quotes and list items nested deeper than this on one line are cut to it: the parser lexes a container's content once per level. */
export const MAX_NESTING = 8;
/** Leading whitespace beyond this many characters is cut (it only nests lists deeper, or indents code further). */
const MAX_INDENT = 16;

const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';

/**
 * `line` with at most MAX_INDENT characters of leading whitespace and at
 * most MAX_NESTING container markers (`>`, `-`, `*`, `+`, `1.`, `1)`) at its
 * start. marked lexes a block quote's or a list item's content again for
 * each level and recurses as it goes: a line of 10,000 `>` costs O(n²) and
 * overflows the stack. Cut, the deepest levels' text stays, as text of the
 * last level kept.
 */
function boundLine(line: string): string {
  let indent = 0;
  while (isBlank(line[indent])) indent++;
  let t = indent > MAX_INDENT ? line.slice(indent - MAX_INDENT) : line;
  const n = t.length;
  let pos = 0;
  let markers = 0;
  let keepTo = -1;
  for (;;) {
    let k = pos;
    while (isBlank(t[k])) k++;
    const c = t[k];
    if (c === '>') k++;
    else if ((c === '-' || c === '*' || c === '+') && (k + 1 === n || isBlank(t[k + 1]))) k++;
    else {
      let d = k;
      while (d < n && d - k < 9 && t[d] >= '0' && t[d] <= '9') d++;
      if (d === k || (t[d] !== '.' && t[d] !== ')') || (d + 1 < n && !isBlank(t[d + 1]))) break;
      k = d + 1;
    }
    markers++;
    if (markers === MAX_NESTING) keepTo = k;
    pos = k;
  }
  if (markers > MAX_NESTING) t = `${t.slice(0, keepTo)} ${t.slice(pos).trimStart()}`;
  return t;
}

const LEXER_OPTIONS = { gfm: true } as const;

/**
 * Pre-processed text -> raw blocks, through marked's block lexer alone: the
 * inline lexer's work is cleanInline()'s.
 */
function markdownBlocks(text: string): RawBlock[] {
  const out: RawBlock[] = [];
  collect(new Lexer(LEXER_OPTIONS).blockTokens(text, []), out);
  return out;
}

function textLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** An indented code block's text ends in its newlines. */
function withoutFinalNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '\n') end--;
  return text.slice(0, end);
}

/** A fenced block's language: its info string's first word, lowercased ('' for none, and for indented code). */
function fenceLanguage(token: Tokens.Code): string {
  return (token.lang ?? '').trim().split(/\s/, 1)[0].toLowerCase();
}

/** Block tokens -> raw blocks, in order. In a block quote, all but code is the quote's text. */
function collect(tokens: readonly Token[], out: RawBlock[], quote?: RawBlock): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        if (quote) quote.lines.push(token.text);
        else out.push({ kind: 'heading', lines: [token.text.trim()], level: token.depth });
        break;
      case 'paragraph':
      case 'text':
        if (quote) quote.lines.push(...textLines(token.text));
        else out.push({ kind: 'paragraph', lines: textLines(token.text) });
        break;
      case 'html':
        // An HTML block runs to a blank line, or to its end marker (the end of the README when there is none):
        // each blank-line separated part is a paragraph of its own.
        if (quote) quote.lines.push(...textLines(token.text));
        else for (const part of token.text.split(/\n[ \t]*\n/)) if (part.trim()) out.push({ kind: 'paragraph', lines: textLines(part) });
        break;
      case 'code':
        out.push({ kind: 'code', lines: withoutFinalNewlines(token.text).split('\n'), lang: fenceLanguage(token as Tokens.Code) });
        break;
      case 'table': {
        const table = token as Tokens.Table;
        if (quote) quote.lines.push(...[table.header, ...table.rows].map((row) => row.map((cell) => cell.text).join(' | ')));
        else out.push({ kind: 'table', lines: [], rows: [table.header, ...table.rows].map((row) => row.map((cell) => cell.text)) });
        break;
      }
      case 'blockquote': {
        // One quote block for the whole quote (alerts such as `> [!NOTE]` included); code inside it is code.
        const inner: RawBlock[] = [];
        const own: RawBlock = { kind: 'quote', lines: [] };
        collect(token.tokens ?? [], inner, quote ?? own);
        if (!quote && own.lines.length) out.push(own);
        out.push(...inner);
        break;
      }
      case 'list':
        if (quote) for (const item of (token as Tokens.List).items) collect(item.tokens, out, quote);
        else collectList(token as Tokens.List, out);
        break;
      default: // space, hr, def (a link reference definition): nothing to read
    }
  }
}

/**
 * A list, nested lists included, is one list block of one line per item
 * (the item's paragraphs joined); code, headings, tables and quotes inside
 * an item are blocks of their own, between the list's parts.
 */
function collectList(list: Tokens.List, out: RawBlock[]): void {
  let block: RawBlock = { kind: 'list', lines: [] };
  const flush = () => {
    if (block.lines.length) out.push(block);
    block = { kind: 'list', lines: [] };
  };
  const walk = (items: readonly Tokens.ListItem[]) => {
    for (const item of items) {
      let line: string[] = [];
      const endLine = () => {
        if (line.length) block.lines.push(line.join(' '));
        line = [];
      };
      for (const child of item.tokens) {
        if (child.type === 'text' || child.type === 'paragraph' || child.type === 'html') line.push(...textLines(child.text));
        else if (child.type === 'list') {
          endLine();
          walk((child as Tokens.List).items);
        } else if (child.type !== 'space' && child.type !== 'hr' && child.type !== 'def') {
          endLine();
          flush();
          collect([child], out);
        }
      }
      endLine();
    }
  };
  walk(list.items);
  flush();
}

function cleanBlockText(rb: RawBlock): string {
  switch (rb.kind) {
    case 'list':
      return rb.lines.map(cleanInline).filter(Boolean).join('\n');
    case 'table':
      return (rb.rows ?? [])
        .map((row) => row.map(cleanInline).filter(Boolean).join(' | '))
        .filter(Boolean)
        .join('\n');
    default:
      return cleanInline(rb.lines.join(' '));
  }
}

/** Inline Markdown/RST/HTML -> plain text. */
export function cleanInline(text: string): string {
  let t = text;
  const drop = () => ' ';
  const keep = (kept: string) => kept;
  // Badges and images: [![alt](img)](link), ![alt](img), ![alt][ref]. Each pattern is the regex in its
  // comment, matched by a linear scan (a regex tries every `[` and scans from each to the next `]` and `)`).
  t = replaceSpans(t, ['[![', { to: ']' }, '(', { to: ')' }, '](', { to: ')' }], drop); // /\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)/g
  t = replaceSpans(t, ['[![', { to: ']' }, '[', { to: ']' }, '][', { to: ']' }], drop); // /\[!\[[^\]]*\]\[[^\]]*\]\]\[[^\]]*\]/g
  t = replaceSpans(t, ['![', { to: ']' }, '(', { to: ')' }], drop); // /!\[[^\]]*\]\([^)]*\)/g
  t = replaceSpans(t, ['![', { to: ']' }, '[', { to: ']' }], drop); // /!\[[^\]]*\]\[[^\]]*\]/g
  // Links: [text](url), [text][ref]
  t = replaceSpans(t, ['[', { to: ']', keep: true }, '(', { to: ')' }], keep); // /\[([^\]]*)\]\([^)]*\)/g -> $1
  t = replaceSpans(t, ['[', { to: ']', nonEmpty: true, keep: true }, '[', { to: ']' }], keep); // /\[([^\]]+)\]\[[^\]]*\]/g -> $1
  // Shortcut reference links ([WSGI]) and task-list boxes lose their brackets.
  t = t.replace(/\[(?:[ xX])\]\s/g, ' ');
  t = replaceSpans(t, ['[', { to: ']', notFirst: ']!', keep: true }], keep, '('); // /\[([^\]!][^\]]*)\](?!\()/g -> $1
  // RST: `text <url>`_  and |substitutions|
  t = unwrapRstLinks(t);
  t = t.replace(/\|[\w -]+\|_?/g, ' ');
  t = t.replace(/:(?:ref|doc|class|func|meth|mod|attr|code|term|py:\w+):`([^`]*)`/g, '$1');
  // Any remaining HTML tags and autolinks
  t = replaceTags(t, /<https?:\/\/[^>]*>/gi, drop);
  t = stripTags(t);
  t = decodeEntities(t);
  // Bare URLs and e-mail addresses
  t = t.replace(/\bhttps?:\/\/\S+/gi, ' ');
  t = t.replace(/\bwww\.\S+/gi, ' ');
  t = removeEmails(t);
  // Inline code keeps its content; emphasis and RST roles lose their markers.
  t = t.replace(/``?([^`]+)``?_?/g, '$1');
  t = unwrapStrong(t);
  t = unwrapEmphasis(t);
  t = t.replace(/~~(.+?)~~/g, '$1');
  // GitHub alert markers and emoji shortcodes
  t = t.replace(/\[!(note|tip|important|warning|caution)\]/gi, ' ');
  t = t.replace(/:[a-z0-9_+-]+:/g, ' ');
  return t.replace(/\s+/g, ' ').trim();
}
