/**
 * Hostile READMEs for test/readme-linear.test.ts and scripts/bench-parser.ts:
 * the worst case found for each pattern the parser, the offline classifier's
 * structure reading and the prompt apply to README text, as a unit repeated
 * to any size (between an optional prefix and suffix).
 */
import { scoreTags } from '../../src/classify/offline/index.ts';
import { prepareReadme, userMessage } from '../../src/classify/prompt.ts';
import { cleanReadme } from '../../src/readme.ts';
import { parseVocabulary } from '../../src/tags.ts';

/** What runs over the README: the parser, the offline classifier (parser included), or the prompt's preparation. */
export type Stage = 'parse' | 'offline' | 'prompt';

export interface HostileCase {
  name: string;
  prefix?: string;
  unit: string;
  suffix?: string;
  stage?: Stage;
}

/** The worst cases found for each pattern the parser had (and their neighbours). */
export const PARSER_CASES: HostileCase[] = [
  { name: 'opening brackets', unit: '[' },
  { name: 'opening brackets closed once at the end', unit: '[', suffix: ']' },
  { name: 'unclosed links', unit: '[a](' },
  { name: 'unclosed badges', unit: '[![' },
  { name: 'unclosed images', unit: '![' },
  { name: 'parentheses', unit: '(' },
  { name: 'backticks', unit: '`' },
  { name: 'unclosed reStructuredText links', unit: '`a <' },
  { name: 'emphasis that never closes', unit: '*a ' },
  { name: 'strong emphasis that never closes', unit: '**a ' },
  { name: 'underscore emphasis that never closes', unit: ' _a' },
  { name: 'an e-mail local part that never ends', unit: 'a.', suffix: '@' },
  { name: 'tags without a closing >', unit: '<a' },
  { name: 'autolinks without a closing >', unit: '<http://' },
  { name: 'unclosed comments', unit: '<!--' },
  { name: 'comments inside code fences', unit: '```\n<!--\n```\n' },
  { name: 'unclosed script elements', unit: '<script>' },
  { name: 'unclosed pre elements', unit: '<pre>' },
  { name: 'pre start tags closed by one > at the end', unit: '<pre ', suffix: '>' },
  { name: 'unclosed HTML headings of every level', unit: '<h1><h2><h3><h4><h5><h6>' },
  { name: 'image tags without a closing >', unit: '<img ' },
  { name: 'HTML block tags without a closing >', unit: '<div ' },
  { name: 'nested tables never closed', unit: '<table><tr><td>' },
  { name: 'a heading line of spaces', prefix: '# a', unit: ' ', suffix: '#x' },
  { name: 'a table separator row of spaces', prefix: '|', unit: ' ', suffix: 'x |' },
  { name: 'a list item with a line separator at the end', prefix: '-', unit: ' ', suffix: 'a\u2028b' },
  { name: 'a directive line of double colons', prefix: '.. a', unit: '::', suffix: 'y\u2028z' },
  { name: 'a mix of everything that opens', unit: '[a `b *c _d <e (f <!-- <pre> ' },
  // marked lexes a container's content once per level, recursing: nesting is cut to MAX_NESTING (readme.ts boundLine).
  { name: 'block quote markers nested on one line', unit: '>' },
  { name: 'list markers nested on one line', unit: '- ' },
  { name: 'ordered list markers and quotes nested on one line', unit: '1. > ' },
  // marked's inline lexer is super-linear on these (a minute at 128 KiB); only its block lexer runs.
  { name: 'a heading of punctuation', prefix: '# a', unit: '!', suffix: 'a' },
  { name: 'a dotted e-mail local part in a paragraph', unit: 'a.', suffix: '@a' },
];

/** Patterns of the offline classifier's reading of the README's shape (structure.ts), and the prompt. */
export const CLASSIFIER_CASES: HostileCase[] = [
  { name: 'npm installs with -g at the end of the line', unit: 'npm i ', suffix: ' -g', stage: 'offline' },
  { name: 'curl without a pipe', unit: 'curl ', stage: 'offline' },
  // The commands and marks of knowledge/structure.json take any white space between words, and look back for `Mac App Store`.
  { name: 'an install command and its argument far apart', prefix: 'pip3 install', unit: ' ', suffix: '-r x', stage: 'offline' },
  { name: 'a store name split by a run of spaces', prefix: 'Mac', unit: ' ', suffix: 'App Store', stage: 'offline' },
  { name: 'a code block of blank lines', prefix: '```\n', unit: '\n', suffix: 'x\n```', stage: 'offline' },
  { name: 'const lines without a require', prefix: '```\n', unit: 'const a\n', suffix: '```', stage: 'offline' },
  { name: 'a code line of open calls', prefix: '```\n', unit: 'a(', suffix: '\n```', stage: 'offline' },
  { name: 'shell prompts on blank lines', prefix: '# tool\n\n```\n', unit: '$\n', suffix: '```', stage: 'offline' },
  { name: 'a title word of punctuation', prefix: '# a', unit: '!', suffix: 'a', stage: 'offline' },
  { name: 'an inline command that never closes', prefix: '# tool\n\n`tool --', unit: '-', stage: 'offline' },
  { name: 'a list item of brackets', prefix: '- ', unit: '[', stage: 'offline' },
  { name: 'a list item of unclosed links', prefix: '- ', unit: '[a](', stage: 'offline' },
  { name: 'opening brackets', unit: '[', stage: 'prompt' },
  { name: 'readme tags with spaces', unit: '< ', stage: 'prompt' },
];

/** More hostile READMEs, for the benchmark only (linear before too, or covered by a case above). */
export const MORE_CASES: HostileCase[] = [
  { name: 'reference links', unit: '[a][' },
  { name: 'asterisk runs', unit: '*' },
  { name: 'at signs between dots', unit: '@a.' },
  { name: 'alt attributes that never close', prefix: '<img ', unit: 'alt="', suffix: '>' },
  { name: 'reStructuredText underlines', unit: '=' },
  { name: 'a long line without spaces', unit: 'a' },
  { name: 'implementation followed by spaces', prefix: '```\nimplementation', unit: ' ', suffix: '\n```', stage: 'offline' },
  { name: 'const followed by spaces', prefix: '```\nconst', unit: ' ', suffix: 'x\n```', stage: 'offline' },
  { name: 'a list item with a carriage return at the end', prefix: '-', unit: ' ', suffix: 'a\r\n', stage: 'offline' },
];

/** READMEs of one short block a line: linear, but the slowest per byte (every block is cleaned). */
export const MANY_BLOCK_CASES: HostileCase[] = [
  { name: 'list items', unit: '- a\n' },
  { name: 'setext headings', unit: 'a\n=\n' },
  { name: 'nav rows', unit: 'a b - ' },
  { name: 'table rows', unit: '| a | b |\n' },
];

/** `prefix`, then `unit` repeated, then `suffix`: exactly `size` characters. */
export function hostileText(job: { prefix?: string; unit: string; suffix?: string }, size: number): string {
  const prefix = job.prefix ?? '';
  const suffix = job.suffix ?? '';
  const room = Math.max(0, size - prefix.length - suffix.length);
  return prefix + job.unit.repeat(Math.ceil(room / job.unit.length)).slice(0, room) + suffix;
}

const VOCABULARY = parseVocabulary('cli, library, database, web, testing, mobile-app, desktop-app, awesome-list', 'the test vocabulary').tags;

export const STAGES: Record<Stage, (text: string) => unknown> = {
  parse: (text) => cleanReadme(text), // parseReadme, then the cleaned text from its blocks
  offline: (text) => scoreTags({ readme: text, vocabulary: VOCABULARY, repository: 'owner/tool' }),
  prompt: (text) => userMessage(prepareReadme(text, 1500).text, 'owner/tool'),
};
