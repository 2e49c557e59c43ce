/**
 * The one error type of the weight-file readers. Every problem with the *contents* of a file
 * (truncation, bad header, unsupported dtype, inconsistent offsets, ...) is reported as a
 * WeightsFormatError whose message is a single line naming the problem, so a CLI can print it
 * as-is and a UI can show it in a toast. Anything else thrown from src/io is a bug.
 */

/** A weight file is malformed or uses a feature the readers do not support. */
export class WeightsFormatError extends Error {
  constructor(message: string) {
    // Messages quote strings that come from the file (tensor names, dtypes): keep them on one
    // line even if the file is hostile, so `error: <message>` stays a single line.
    super(message.replace(/[\r\n]+/g, ' '));
    this.name = 'WeightsFormatError';
  }
}

/**
 * Quote a value taken from a file for an error message: JSON escaping keeps control characters
 * visible and the message on one line; long values are cut so a 100 MB "name" cannot flood a
 * terminal.
 */
export function quote(value: unknown, maxChars = 80): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > maxChars ? `${s.slice(0, maxChars)}…` : s;
}

/** The message of anything thrown (an Error's message, else its string form), for one-line reports. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
