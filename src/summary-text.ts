/**
 * Outside text in a job summary (pure): the one escaping for the
 * single-repository summary (outputs.ts) and the fleet's (fleet/report.ts),
 * which the CLI bundle carries too, so it imports nothing from @actions/*.
 */
import { bound, redact } from './log.ts';

/** Outside text in one summary cell is cut to this many characters. */
export const MAX_CELL_CHARS = 300;

/**
 * Outside text (tag names, topics, reasons, the model, the README's source,
 * warnings) as summary HTML: secrets redacted, bounded, one line (control
 * characters become spaces), HTML escaped, and Markdown's own punctuation as
 * character references, so it renders as the text it is (no links, images,
 * emphasis or table cells of its own).
 */
export function escapeCell(text: string, max: number = MAX_CELL_CHARS): string {
  return bound(redact(text), max)
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/[<>&"'|[\]()`*_~!\\#]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `&#${c.charCodeAt(0)};`));
}
