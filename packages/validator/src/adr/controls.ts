// Control characters and terminal escape sequences in a metadata value (a status).
/**
 * Terminal escape sequences (ECMA-48), whole: CSI (`ESC [ ... final`), the string commands (OSC
 * `ESC ] ...`, DCS, APC, PM, SOS) up to their BEL or ST terminator (or the end of the text, as a
 * terminal would swallow it), and two-character `ESC x` ones. Removing only their control
 * characters would leave `]0;title` behind.
 */
const SEQUENCE = new RegExp(
  [
    String.raw`(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]`,
    String.raw`(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^]*?(?:\u0007|\u001b\\|\u009c|$)`,
    String.raw`\u001b[ -/]*[0-~]`,
  ].join('|'),
  'g',
);
/** Control characters (tabs aside) and the bidirectional overrides that reorder what is shown. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const HAS_CONTROL = new RegExp(CONTROL.source);

export function hasControls(raw: string): boolean {
  return HAS_CONTROL.test(raw);
}

/** Where the escape sequences and control characters of `raw` are: [start, end) spans. */
export function controlSpans(raw: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of raw.matchAll(SEQUENCE)) spans.push([m.index, m.index + m[0].length]);
  for (const m of raw.matchAll(CONTROL)) spans.push([m.index, m.index + 1]);
  return spans;
}

/** The text with its escape sequences and control characters removed, spaces collapsed. */
export function withoutControls(raw: string): string {
  return raw.replace(SEQUENCE, '').replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}
