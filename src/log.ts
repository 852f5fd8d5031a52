/**
 * The one way out for outside text (pure: no @actions/* import).
 *
 * Everything that did not come from this program (tag names, README text,
 * repository descriptions, model replies, server and API errors, file paths)
 * is turned into a log field with `inert()` before it is put into a message:
 *
 *   1. secrets are redacted first (every value given to `addSecret`), so a cut
 *      can never leave part of a key behind;
 *   2. the text is bounded (code points, not UTF-16 units), marked with `…`;
 *   3. it is made inert for the runner: `%`, CR and LF are encoded as the
 *      toolkit encodes annotation data (`%25`, `%0D`, `%0A`), every other
 *      control character (C0, DEL, C1, U+2028/2029) as `%XX`/`%uXXXX`, and a
 *      leading `::` or `##[` (the runner's command prefixes) is broken.
 *
 * A message built from our own words plus inert fields is one line that can
 * never start a workflow command. As a second line of defence, the sinks (the
 * action's logger, the CLI's stderr) pass every whole message through
 * `guardLine()`, which applies steps 1 and 3 (without re-encoding `%`) and a
 * bound on the whole line, so a field someone forgot to wrap still cannot
 * inject a command.
 */

/** A field of outside text is cut to this many characters by default. */
export const MAX_FIELD_CHARS = 300;
/** A whole log line is cut to this many characters. */
export const MAX_LINE_CHARS = 4000;
/** Lists of outside names (dropped tags, skipped topics...) show at most this many. */
export const MAX_LIST_ITEMS = 20;

const secrets = new Set<string>();

/** Register a secret (API key, token, URL credentials): it is replaced by `***` in every field and line. */
export function addSecret(value: string | undefined | null): void {
  const v = value?.trim();
  // Very short values would redact ordinary words; the runner does the same (it ignores tiny masks).
  if (v && v.length >= 4) secrets.add(v);
  if (value && value !== v && value.length >= 4) secrets.add(value);
}

/** Every registered secret replaced by `***` (longest first, so overlapping secrets go whole). */
export function redact(text: string): string {
  if (!secrets.size) return text;
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** For tests only: forget the registered secrets. */
export function clearSecrets(): void {
  secrets.clear();
}

/** The first `max` code points of `text`, with `…` when something was cut. */
export function bound(text: string, max: number = MAX_FIELD_CHARS): string {
  const end = cutIndex(text, max);
  return end < 0 ? text : `${text.slice(0, end)}…`;
}

/**
 * Where to cut `text` so that it plus `…` is at most `max` code points, or -1
 * when it already fits. A pair of surrogates is never split. Linear in `max`,
 * not in the text's length.
 */
function cutIndex(text: string, max: number): number {
  if (text.length <= max) return -1;
  const keep = Math.max(0, max - 1);
  let index = 0;
  let points = 0;
  while (index < text.length && points < keep) {
    index += isPair(text, index) ? 2 : 1;
    points++;
  }
  // Fits after all when at most one code point is left (the `…` would take its place).
  const rest = text.length - index;
  if (rest <= 1 || (rest === 2 && isPair(text, index))) return -1;
  return index;
}

/** A high surrogate followed by a low one (one code point in two units); a lone surrogate counts as one. */
function isPair(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

// C0 controls except TAB, DEL, C1 controls, NEL, and the Unicode line/paragraph separators.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;
const CONTROL_OR_PERCENT = /[%\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Half an escape left at the end of a cut (`%`, `%0`, `%u20`...). */
const PARTIAL_ESCAPE = /%(?:u[0-9A-F]{0,3}|[0-9A-F])?$/;

function encodeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : `%u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The runner's command prefixes broken: a leading `::` after any white space
 * (workflow commands), and `##[` anywhere (the old syntax, which the runner
 * finds anywhere in a line when ACTIONS_ALLOW_UNSECURE_COMMANDS is set).
 */
function breakCommandPrefix(text: string): string {
  return text.replace(/^(\s*)::/, '$1%3A:').replaceAll('##[', '%23#[');
}

/**
 * Encoded text made inert and bounded: prefixes broken, then cut to `max`
 * code points without leaving half an escape at the end.
 */
function finish(encoded: string, max: number): string {
  const text = breakCommandPrefix(encoded);
  let end = cutIndex(text, max);
  if (end < 0) return text;
  end -= PARTIAL_ESCAPE.exec(text.slice(Math.max(0, end - 5), end))?.[0].length ?? 0;
  return `${text.slice(0, end)}…`;
}

/**
 * Outside text as a log field: redacted, inert, at most `max` code points.
 * Non-strings are shown as `String(value)` (an Error as its message).
 */
export function inert(value: unknown, max: number = MAX_FIELD_CHARS): string {
  const text = value instanceof Error ? value.message : typeof value === 'string' ? value : String(value);
  return finish(redact(text).replace(CONTROL_OR_PERCENT, encodeChar), max);
}

/** `inert()` of each name, JSON-quoted, at most `maxItems` of them, then "and N more". */
export function inertList(values: readonly unknown[], { maxItems = MAX_LIST_ITEMS, maxChars = 80, quote = true } = {}): string {
  const shown = values.slice(0, maxItems).map((v) => {
    const field = inert(v, maxChars);
    return quote ? `"${field.replace(/["\\]/g, (c) => `\\${c}`)}"` : field;
  });
  const more = values.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more.toLocaleString('en-US')} more` : shown.join(', ');
}

/**
 * The last line of defence at a sink: a whole message made one inert line
 * (secrets redacted, control characters encoded, no command prefix), at most
 * `max` code points. `%` is left alone here, so fields already made inert are
 * not encoded twice.
 */
export function guardLine(message: string, max: number = MAX_LINE_CHARS): string {
  return finish(redact(message).replace(CONTROL, encodeChar), max);
}

/** True when `text` has a character that `inert()` would encode as a control character (for validating names). */
export function hasControlCharacter(text: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(text);
  CONTROL.lastIndex = 0;
  return found;
}
