// Input shapes that make CommonMark parsing cost grow with the square of their size (deeply
// nested containers, long runs of emphasis or bracket delimiters, very wide tables, backtick
// runs of many lengths). A real ADR never comes near these limits; a hostile or broken file
// that does is reported instead of parsed. One linear pass over the text.

export interface ShapeProblem {
  line: number;
  message: string;
}

export const SHAPE_LIMITS = {
  /** `>` and list markers opening containers on one line, or list indentation / 2. */
  nesting: 100,
  /** `*`, `_`, `[`, `]` characters in one block (lines between blank lines). */
  delimitersPerBlock: 5000,
  /** One run of `*` or `_`, or of backticks. */
  run: 100,
  /** `|` on one line: table columns. */
  pipes: 500,
};

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Containers a line opens: `> > - 1. x` → 4. */
function lineNesting(text: string, start: number, end: number): number {
  let i = start;
  let depth = 0;
  let indent = 0;
  while (i < end && isSpace(text.charCodeAt(i))) {
    indent += text.charCodeAt(i) === 9 ? 4 : 1;
    i++;
  }
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 62 /* > */) {
      depth++;
      i++;
    } else if ((c === 45 || c === 42 || c === 43) /* - * + */ && (i + 1 >= end || isSpace(text.charCodeAt(i + 1)))) {
      depth++;
      i++;
    } else if (c >= 48 && c <= 57) {
      let j = i;
      while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const d = text.charCodeAt(j);
      if ((d === 46 || d === 41) /* . ) */ && (j + 1 >= end || isSpace(text.charCodeAt(j + 1)))) {
        depth++;
        i = j + 1;
      } else break;
    } else break;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
  }
  // A list item indented by 2n columns sits n lists deep.
  return depth + (depth > 0 ? Math.floor(indent / 2) : 0);
}

export function hostileShape(text: string): ShapeProblem | null {
  let line = 1;
  let blockDelims = 0;
  let blockStart = 1;
  let pos = 0;
  const n = text.length;
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const nesting = lineNesting(text, pos, end);
    if (nesting > SHAPE_LIMITS.nesting)
      return { line, message: `line ${line} opens ${nesting} nested lists or quotes (limit ${SHAPE_LIMITS.nesting})` };
    let blank = true;
    let pipes = 0;
    let run = 0;
    let runChar = -1;
    for (let i = pos; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13) blank = false;
      if (c === 42 || c === 95 || c === 91 || c === 93) blockDelims++;
      if (c === 124) pipes++;
      if ((c === 42 || c === 95 || c === 96) && c === runChar) run++;
      else if (c === 42 || c === 95 || c === 96) {
        run = 1;
        runChar = c;
      } else runChar = -1;
      if (run > SHAPE_LIMITS.run)
        return {
          line,
          message:
            `line ${line} has a run of more than ${SHAPE_LIMITS.run} ` + `'${String.fromCharCode(runChar)}' characters`,
        };
    }
    if (pipes > SHAPE_LIMITS.pipes)
      return { line, message: `line ${line} has ${pipes} '|' table cell separators (limit ${SHAPE_LIMITS.pipes})` };
    if (blockDelims > SHAPE_LIMITS.delimitersPerBlock)
      return {
        line: blockStart,
        message:
          `the paragraph from line ${blockStart} holds more than ` +
          `${SHAPE_LIMITS.delimitersPerBlock} emphasis and bracket characters`,
      };
    if (blank) {
      blockDelims = 0;
      blockStart = line + 1;
    }
    pos = end + 1;
    line++;
  }
  return null;
}
