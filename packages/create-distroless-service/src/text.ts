// Values quoted in messages: invisible and control characters shown as escapes, long values cut,
// so an error never hides text or floods a terminal.

// With the u flag a surrogate pair is one code point: only unpaired halves match, emoji stay emoji.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]/gu;

/** `value` with invisible characters as \u escapes, cut to `max` characters with the rest counted. */
export function clip(value: string, max = 80): string {
  const chars = [...value];
  const cut = chars.length > max ? chars.slice(0, max).join('') : value;
  const shown = cut.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return chars.length > max ? `${shown}… (${chars.length} characters)` : shown;
}

/** A value for a message: strings quoted and clipped, anything else as JSON, clipped. */
export function showValue(value: unknown, max = 80): string {
  if (typeof value === 'string') return `"${clip(value, max)}"`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return clip(text, max);
}

/** A word as a POSIX shell reads it back, for commands a user is told to run. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
