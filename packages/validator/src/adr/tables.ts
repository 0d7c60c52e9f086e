// Whether a text can hold a GFM table. micromark tries its table construct at the start of every
// line of flow content and tokenises the whole line as a possible header row before it sees the
// next line is no delimiter row: a fifth of a remark parse on table-free records. A table needs a
// delimiter row, and micromark takes one only if it has a `|` or a `:` beside its `-`s
// (`| a |` over `---` is a paragraph and a thematic break). So a text with no line made of
// delimiter-row characters alone (with container prefixes: `>`, list markers, indentation) holds
// no table, and parsing it without the construct gives the same tree. One linear pass.

// Characters a delimiter row and the container prefixes before it are made of:
// space, tab, `|`, `:`, `-`, `>`, `*`, `+`, `.`, `)`, digits.
const ROW = new Uint8Array(128);
for (const c of ' \t|:->*+.)0123456789') ROW[c.charCodeAt(0)] = 1;

export function mayHoldTable(text: string): boolean {
  let rowChars = true;
  let dash = false;
  let pipeOrColon = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    // CommonMark ends a line at LF, CR or CRLF: a lone CR starts a new line too.
    if (c === 10 || c === 13) {
      if (rowChars && dash && pipeOrColon) return true;
      rowChars = true;
      dash = false;
      pipeOrColon = false;
    } else if (rowChars) {
      if (c >= 128 || ROW[c] === 0) rowChars = false;
      else if (c === 45) dash = true;
      else if (c === 124 || c === 58) pipeOrColon = true;
    }
  }
  return false;
}
