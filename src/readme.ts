/**
 * README text -> structured, cleaned blocks (pure). Handles Markdown, the
 * HTML that READMEs embed, and reStructuredText headings and directives.
 * Loading from disk or the API lives in readme-load.ts.
 *
 * Time per byte is bounded: README text is outside input (up to 512 KiB), so
 * no pattern here may backtrack over it. Patterns that would (a lazy scan to a
 * closing tag, `[^\]]*` from every `[`) go through the linear scanners of
 * text-scan.ts; test/readme-linear.test.ts checks the whole parser for linear
 * time on adversarial input.
 */
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
}

export interface ReadmeDoc {
  title: string;
  tagline: string;
  blocks: Block[];
}

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
}

export function parseReadme(text: string): ReadmeDoc {
  const raw = splitBlocks(preprocess(text));
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
    blocks.push({ kind: rb.kind, text, section, depth, noise, lead });
  }
  return { title, tagline, blocks };
}

/**
 * The README reduced to what says what the project is, for a language model:
 * the title, the opening prose, then headings and prose of sections that are
 * not install/build/test/licence/contributing noise. No code, badges, images,
 * HTML or URLs. Cut at a block boundary before maxChars.
 */
export function cleanReadme(text: string, opts: { maxChars?: number } = {}): string {
  const doc = parseReadme(text);
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

function stripTags(html: string): string {
  return replaceTags(html, /<\/?[a-z][^>]*>/gi, () => ' ');
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const ATX_OPEN = /^\s{0,3}(#{1,6})(?:\s+|$)/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;
const RST_UNDERLINE = /^([=\-~^"'#*+_.:])\1{2,}\s*$/;
// `(?=\S|$)`: the spaces before the item all belong to `\s+`, not to `.*` (the same match, without trying every split).
const LIST_ITEM = /^\s{0,6}(?:[-*+•]|\d{1,3}[.)])\s+(?=\S|$)(.*)$/;
const RST_DIRECTIVE = /^\.\.\s+(\S+?)::\s*(.*)$|^\.\.\s+\|[^|]+\|\s+\S+::|^\.\.\s+_[^:]+:|^\.\.\s*$/;

/**
 * An ATX heading (`## Title ##`): what /^\s{0,3}(#{1,6})(?:\s+|$)(.*?)(?:\s+#+\s*)?$/
 * captures, without its lazy `.*?`, which tried the closing sequence at every
 * position (O(n²) on a line of spaces). `line` holds no line terminator.
 */
function atxHeading(line: string): { level: number; text: string } | undefined {
  const open = ATX_OPEN.exec(line);
  if (!open) return undefined;
  const rest = line.slice(open[0].length);
  // The closing sequence: spaces, #s, optional spaces at the end.
  const body = rest.trimEnd();
  let hashes = body.length;
  while (hashes > 0 && body[hashes - 1] === '#') hashes--;
  const closed = hashes < body.length && hashes > 0 && /\s/.test(body[hashes - 1]);
  return { level: open[1].length, text: closed ? body.slice(0, hashes).trimEnd() : rest };
}

/** Split pre-processed text into raw blocks. */
function splitBlocks(text: string): RawBlock[] {
  const lines = text.split('\n');
  const blocks: RawBlock[] = [];
  let current: RawBlock | null = null;
  const rstUnderlineLevels: string[] = [];
  let literalNext = false; // reStructuredText `::` introduces an indented literal block

  const flush = () => {
    if (current && current.lines.length) blocks.push(current);
    current = null;
  };
  const push = (kind: BlockKind, line: string) => {
    if (!current || current.kind !== kind) {
      flush();
      current = { kind, lines: [] };
    }
    current.lines.push(line);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1];
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(marker)) body.push(lines[i++]);
      blocks.push({ kind: 'code', lines: body });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    if (/^\s{0,3}\[[^\]]+\]:\s*\S+/.test(line)) continue; // link reference definition
    // Indented code (Markdown) or literal blocks (reStructuredText) after a blank line.
    const prev = i > 0 ? lines[i - 1] : '';
    if ((/^( {4}|\t)/.test(line) && !prev.trim() && !LIST_ITEM.test(line)) || (literalNext && /^\s+\S/.test(line))) {
      flush();
      const body: string[] = [];
      while (i < lines.length && /^(\s+\S|\s*$)/.test(lines[i])) body.push(lines[i++]);
      i--;
      literalNext = false;
      blocks.push({ kind: 'code', lines: body });
      continue;
    }
    literalNext = false;
    const directive = RST_DIRECTIVE.exec(line.trim());
    if (directive && line.startsWith('..')) {
      flush();
      const name = (directive[1] ?? '').toLowerCase();
      const keepArg = name === 'title' || name === 'topic' || name === 'rubric';
      if (keepArg && directive[2]) blocks.push({ kind: 'heading', lines: [directive[2]], level: 2 });
      // Skip the directive's indented body.
      while (i + 1 < lines.length && (/^\s+\S/.test(lines[i + 1]) || (!lines[i + 1].trim() && /^\s+\S/.test(lines[i + 2] ?? '')))) i++;
      continue;
    }
    const atx = atxHeading(line);
    if (atx && !/^#{1,6}[^\s#]/.test(line.trim())) {
      flush();
      blocks.push({ kind: 'heading', lines: [atx.text.trim()], level: atx.level });
      continue;
    }
    // reStructuredText overline + title + underline.
    if (RST_UNDERLINE.test(line) && i + 2 < lines.length && lines[i + 1].trim() && RST_UNDERLINE.test(lines[i + 2]) && lines[i + 2].trim()[0] === line.trim()[0]) {
      flush();
      blocks.push({ kind: 'heading', lines: [lines[i + 1].trim()], level: rstLevel(rstUnderlineLevels, `o${line.trim()[0]}`) });
      i += 2;
      continue;
    }
    const next = lines[i + 1] ?? '';
    const isSingleLine = !current || current.kind !== 'paragraph';
    if (isSingleLine && !LIST_ITEM.test(line) && !line.startsWith('|') && next.trim() && !FENCE.test(next)) {
      if (SETEXT.test(next)) {
        flush();
        blocks.push({ kind: 'heading', lines: [line.trim()], level: next.trim()[0] === '=' ? 1 : 2 });
        i++;
        continue;
      }
      if (RST_UNDERLINE.test(next) && next.trim().length >= Math.min(line.trim().length, 3)) {
        flush();
        blocks.push({ kind: 'heading', lines: [line.trim()], level: rstLevel(rstUnderlineLevels, next.trim()[0]) });
        i++;
        continue;
      }
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush(); // thematic break
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      push('quote', line.replace(/^\s{0,3}>\s?/, ''));
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line) || /^\s*\+[-=+]+\+\s*$/.test(line)) {
      // A separator row: only spaces, colons, pipes and dashes (/^\s*\|?[\s:|-]+\|?\s*$/ said the same, in O(n²)).
      if (/^[\s:|-]+$/.test(line) || /^\s*\+[-=+]+\+\s*$/.test(line)) {
        if (!current) current = { kind: 'table', lines: [] };
        continue; // separator row
      }
      push('table', line);
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      push('list', item[1]);
      continue;
    }
    if (current && current.kind === 'list' && /^\s+\S/.test(line)) {
      current.lines[current.lines.length - 1] += ' ' + line.trim();
      continue;
    }
    if (/::\s*$/.test(line)) literalNext = true;
    push('paragraph', line.trim());
  }
  flush();
  return blocks;
}

function rstLevel(levels: string[], marker: string): number {
  let index = levels.indexOf(marker);
  if (index < 0) {
    levels.push(marker);
    index = levels.length - 1;
  }
  return Math.min(index + 1, 6);
}

function cleanBlockText(rb: RawBlock): string {
  switch (rb.kind) {
    case 'list':
      return rb.lines.map(cleanInline).filter(Boolean).join('\n');
    case 'table':
      return rb.lines
        .map((row) => row.split('|').map(cleanInline).filter(Boolean).join(' | '))
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
