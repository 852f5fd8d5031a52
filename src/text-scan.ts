/**
 * Linear-time matching for the patterns README cleaning needs (pure).
 *
 * README text is outside input of up to 512 KiB. A regex such as
 * /\[([^\]]*)\]\([^)]*\)/g tries every `[` and scans from each one to the
 * next `]` and `)`: on "[[[[..." that is O(n²) steps, minutes at the cap.
 * The functions here find exactly what such regexes find, but every "scan to
 * the next X" goes through a cursor that only moves forward, so one pass over
 * a text costs O(n) whatever the text holds.
 */

/**
 * The next index of `ch` at or after `from`, or -1: amortised O(1) a call
 * while `from` does not decrease (a smaller `from` is answered correctly, by
 * searching again).
 */
export function forwardFinder(text: string, ch: string): (from: number) => number {
  return forwardSearch((from) => text.indexOf(ch, from));
}

/**
 * `search` (the first match at or after `from`, or -1) behind a cache: a
 * call searches again only when `from` moved back, or past the last match,
 * so calls with a `from` that does not decrease cost one pass in all.
 */
function forwardSearch(search: (from: number) => number): (from: number) => number {
  let lo = Number.POSITIVE_INFINITY; // the last search started here...
  let at = -1; // ...and found this (-1: nothing from lo on)
  return (from) => {
    if (from < lo || (at >= 0 && from > at)) {
      lo = from;
      at = search(from);
    }
    return at;
  };
}

/**
 * One piece of a span pattern: a literal string, or "anything but `to`, then
 * `to`" (`[^x]*x`; `[^x]+x` when `nonEmpty`; `notFirst` lists characters the
 * first one may not be, as in `[^x!][^x]*x`). `keep` marks the piece whose
 * text (without `to`) the span keeps.
 */
export type Piece = string | { to: string; nonEmpty?: boolean; notFirst?: string; keep?: boolean };

export interface Span {
  start: number;
  end: number;
  /** The text of the piece marked `keep` ('' when none is). */
  kept: string;
}

/**
 * The non-overlapping spans, leftmost first, that the regex spelled by
 * `pieces` (the first a literal) matches with the g flag; `notFollowedBy` is a
 * negative lookahead after the last piece. Each piece has its own forward
 * cursor: across candidates, where a piece starts never moves back, so a pass
 * is O(n) however many candidates fail.
 */
export function* spans(text: string, pieces: readonly Piece[], notFollowedBy?: string): Generator<Span> {
  const head = pieces[0];
  if (typeof head !== 'string' || !head) throw new Error('spans(): the first piece must be a non-empty literal', { cause: pieces });
  const finders = pieces.map((p) => (typeof p === 'string' ? undefined : forwardFinder(text, p.to)));
  let from = 0;
  for (;;) {
    const start = text.indexOf(head, from);
    if (start < 0) return;
    let pos = start + head.length;
    let kept = '';
    let ok = true;
    for (let k = 1; ok && k < pieces.length; k++) {
      const piece = pieces[k];
      if (typeof piece === 'string') {
        ok = text.startsWith(piece, pos);
        pos += piece.length;
        continue;
      }
      if (piece.notFirst !== undefined && (pos >= text.length || piece.notFirst.includes(text[pos]))) {
        ok = false;
        break;
      }
      const at = finders[k]!(pos);
      if (at < 0 || (piece.nonEmpty && at === pos)) {
        ok = false;
        break;
      }
      if (piece.keep) kept = text.slice(pos, at);
      pos = at + 1;
    }
    if (ok && notFollowedBy !== undefined && text.startsWith(notFollowedBy, pos)) ok = false;
    if (ok) {
      yield { start, end: pos, kept };
      from = pos;
    } else from = start + 1;
  }
}

/** `text` with every span of `pieces` (see spans()) replaced. */
export function replaceSpans(text: string, pieces: readonly Piece[], replacement: (kept: string) => string, notFollowedBy?: string): string {
  if (!text.includes(pieces[0] as string)) return text;
  let out = '';
  let last = 0;
  for (const span of spans(text, pieces, notFollowedBy)) {
    out += text.slice(last, span.start) + replacement(span.kept);
    last = span.end;
  }
  return last ? out + text.slice(last) : text;
}

/**
 * `text.replace(re, replacement)` for a global `re` shaped `<name\b[^>]*>`:
 * each of its matches ends at the first `>` after its start, so a start with
 * no `>` after it can never match, yet the regex engine would scan from each
 * such start to the end of the text ("<a<a<a..." is O(n²)). Only the text up
 * to the last `>` is searched; the result is the same.
 */
export function replaceTags(text: string, re: RegExp, replacement: (tag: string, ...groups: string[]) => string): string {
  const end = text.lastIndexOf('>') + 1;
  if (!end) return text;
  return text.slice(0, end).replace(re, replacement as (substring: string, ...args: unknown[]) => string) + text.slice(end);
}

/** How many matches a global `re` shaped `<name\b[^>]*>` has in `text` (see replaceTags()). */
export function countTags(text: string, re: RegExp): number {
  const end = text.lastIndexOf('>') + 1;
  return end ? (text.slice(0, end).match(re)?.length ?? 0) : 0;
}

/**
 * `text` with each element `<name ...>inner</name>` replaced, as
 * /<(name)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi finds them (with `afterTag` false,
 * /<(name)\b([\s\S]*?)<\/\1\s*>/gi: the inner text starts right after the
 * name). `open` is a global, case-insensitive regex for `<(name)\b` capturing
 * the name. The regexes scan from every start tag to the end of the text
 * when no end tag follows (O(n²) for "<pre><pre>..."); here a name whose end
 * tag was not found is not searched for again, and the `>` that closes a
 * start tag comes from a forward cursor.
 */
export function replaceElements(text: string, open: RegExp, afterTag: boolean, replacement: (name: string, inner: string) => string): string {
  const nextGt = forwardFinder(text, '>');
  /** Lowercased name -> its end-tag regex; null once no end tag is left. */
  const closers = new Map<string, RegExp | null>();
  let out = '';
  let last = 0;
  open.lastIndex = 0;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const name = m[1];
    const key = name.toLowerCase();
    let close = closers.get(key);
    if (close === null) continue;
    let innerStart = m.index + m[0].length;
    if (afterTag) {
      const gt = nextGt(innerStart);
      if (gt < 0) break; // no start tag from here on can be complete
      innerStart = gt + 1;
    }
    if (close === undefined) {
      close = new RegExp(`</${key.replace(/[^a-z0-9]/g, '\\$&')}\\s*>`, 'gi');
      closers.set(key, close);
    }
    close.lastIndex = innerStart;
    const end = close.exec(text);
    if (!end) {
      closers.set(key, null);
      continue;
    }
    out += text.slice(last, m.index) + replacement(name, text.slice(innerStart, end.index));
    last = open.lastIndex = end.index + end[0].length;
  }
  return last ? out + text.slice(last) : text;
}

/** `text` without `<!-- ... -->` comments, as /<!--[\s\S]*?-->/g removes them, in O(n). */
export function removeComments(text: string): string {
  let out = '';
  let last = 0;
  for (let i = text.indexOf('<!--'); i >= 0; i = text.indexOf('<!--', last)) {
    const end = text.indexOf('-->', i + 4);
    if (end < 0) break; // no later comment can close either
    out += text.slice(last, i);
    last = end + 3;
  }
  return last ? out + text.slice(last) : text;
}

const SPACE = /\s/;
const WORD = /\w/;
const LINE_END = /[\n\r\u2028\u2029]/g;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE.test(ch);
}

function isWord(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch);
}

/** A `\b` position. */
function boundary(text: string, i: number): boolean {
  return isWord(text[i - 1]) !== isWord(text[i]);
}

/** The next line terminator (what `.` does not match) at or after `from`, forward only like forwardFinder(). */
function lineEndFinder(text: string): (from: number) => number {
  return forwardSearch((from) => {
    LINE_END.lastIndex = from;
    return LINE_END.exec(text)?.index ?? -1;
  });
}

/**
 * Strong emphasis loses its markers, as
 * text.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2') does, in O(n): the lazy
 * `.+?` scanned to the end of the line from every `**` that never closes.
 */
export function unwrapStrong(text: string): string {
  if (!text.includes('**') && !text.includes('__')) return text;
  const lineEnd = lineEndFinder(text);
  const closers = { '**': validCloser(text, '**'), __: validCloser(text, '__') };
  let out = '';
  let last = 0;
  for (let p = 0; p + 2 < text.length; p++) {
    const c = text[p];
    if ((c !== '*' && c !== '_') || text[p + 1] !== c || isSpace(text[p + 2])) continue;
    const q = closers[c === '*' ? '**' : '__'](p + 3);
    const end = lineEnd(p + 2);
    if (q < 0 || (end >= 0 && end < q)) continue;
    out += text.slice(last, p) + text.slice(p + 2, q);
    last = q + 2;
    p = last - 1;
  }
  return last ? out + text.slice(last) : text;
}

/** The first `delimiter` at or after `from` with a non-space before it; forward only. */
function validCloser(text: string, delimiter: string): (from: number) => number {
  return forwardSearch((from) => {
    let at = text.indexOf(delimiter, from);
    while (at >= 0 && isSpace(text[at - 1])) at = text.indexOf(delimiter, at + 1);
    return at;
  });
}

const EMPHASIS_AFTER = /[\s).,;:!?]/;

/**
 * Emphasis loses its markers, as
 * text.replace(/(^|[\s(])[*_](?=\S)(.+?)(?<=\S)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
 * does, in O(n): where a marker can close does not depend on where it opened,
 * so closing markers come from a forward cursor.
 */
export function unwrapEmphasis(text: string): string {
  if (!text.includes('*') && !text.includes('_')) return text;
  const lineEnd = lineEndFinder(text);
  const n = text.length;
  const closes = (q: number) => (text[q] === '*' || text[q] === '_') && !isSpace(text[q - 1]) && (q + 1 === n || EMPHASIS_AFTER.test(text[q + 1]));
  const nextClose = forwardSearch((from) => {
    for (let q = from; q < n; q++) if (closes(q)) return q;
    return -1;
  });
  let out = '';
  let last = 0; // where the regex would search from (the end of the last match)
  for (let p = 0; p + 1 < n; p++) {
    const c = text[p];
    if (c !== '*' && c !== '_') continue;
    const atStart = p === 0; // `^` (last is 0 here: no match can end at 0)
    const prefixed = p >= 1 && p - 1 >= last && (isSpace(text[p - 1]) || text[p - 1] === '(');
    if ((!atStart && !prefixed) || isSpace(text[p + 1])) continue;
    const q = nextClose(p + 2);
    const end = lineEnd(p + 1);
    if (q < 0 || (end >= 0 && end < q)) continue;
    const start = atStart ? 0 : p - 1;
    out += text.slice(last, start) + (atStart ? '' : text[p - 1]) + text.slice(p + 1, q);
    last = q + 1;
    p = q;
  }
  return last ? out + text.slice(last) : text;
}

const EMAIL_LOCAL = /[\w.+-]/;
const EMAIL_HOST = /[\w-]/;
const EMAIL_DOMAIN = /[\w.-]/;

/**
 * E-mail addresses replaced by a space, as
 * text.replace(/\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g, ' ') does, in O(n): the
 * regex tried every word boundary of a long "a.a.a.a..." run and scanned each
 * to its end. Every match holds one `@`, so the search goes from `@` to `@`,
 * and all starts in one run share the same fate.
 */
export function removeEmails(text: string): string {
  if (!text.includes('@')) return text;
  let out = '';
  let last = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', Math.max(at + 1, last))) {
    let a = at;
    while (a > last && EMAIL_LOCAL.test(text[a - 1])) a--;
    let s = a;
    while (s < at && !boundary(text, s)) s++;
    if (s === at) continue;
    const end = emailDomainEnd(text, at + 1);
    if (end < 0) continue;
    out += text.slice(last, s) + ' ';
    last = end;
  }
  return last ? out + text.slice(last) : text;
}

/** Where `[\w-]+\.[\w.-]+\b` matching at `i` ends, or -1. */
function emailDomainEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && EMAIL_HOST.test(text[j])) j++;
  if (j === i || text[j] !== '.') return -1;
  let f = j + 1;
  while (f < text.length && EMAIL_DOMAIN.test(text[f])) f++;
  for (let g = f; g > j + 1; g--) if (boundary(text, g)) return g;
  return -1;
}

/**
 * reStructuredText links `` `text <url>`_ `` (and `__`) replaced by their
 * text, as text.replace(/`([^`<]+?)\s*<[^>]+>`__?/g, '$1') does, in O(n).
 */
export function unwrapRstLinks(text: string): string {
  if (!text.includes('`')) return text;
  const nextTick = forwardFinder(text, '`');
  const nextLt = forwardFinder(text, '<');
  const nextGt = forwardFinder(text, '>');
  let out = '';
  let last = 0;
  for (let p = text.indexOf('`'); p >= 0; p = text.indexOf('`', p + 1)) {
    // `[^`<]+?` stops at the first ` or <; it must be a <, after at least one character.
    const tick = nextTick(p + 1);
    const lt = nextLt(p + 1);
    if (lt < 0 || (tick >= 0 && tick < lt) || lt < p + 2) continue;
    const gt = nextGt(lt + 1);
    if (gt < 0 || gt === lt + 1 || text[gt + 1] !== '`' || text[gt + 2] !== '_') continue;
    // The lazy text ends where the spaces before `<` begin, but holds one character at least.
    let textEnd = lt;
    while (textEnd > p + 2 && isSpace(text[textEnd - 1])) textEnd--;
    const end = text[gt + 3] === '_' ? gt + 4 : gt + 3;
    out += text.slice(last, p) + text.slice(p + 1, textEnd);
    last = end;
    p = end - 1;
  }
  return last ? out + text.slice(last) : text;
}
