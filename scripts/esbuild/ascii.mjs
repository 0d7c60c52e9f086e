// The CommonJS bundles a command loads at start-up stay ASCII-only (issue 15). V8 keeps a script's
// source in one byte per character only when every character fits in Latin-1, and Node's reader
// decodes an ASCII file on a fast path; one en dash anywhere makes the whole bundle a two-byte
// string that is decoded, compared with the compile cache's copy and scanned at twice the cost.
// esbuild escapes non-ASCII characters in strings but leaves them in regular expression literals,
// so the sources write those as `\u2013`, and each build checks its output here.
import { readFileSync } from 'node:fs';

/**
 * Generated code whose only non-ASCII characters are inside string literals (Handlebars'
 * precompiled templates): each UTF-16 unit outside ASCII written as a `\uXXXX` escape, which a
 * string literal reads back as the same unit.
 */
export function escapeNonAscii(code) {
  return code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Throws, naming each file and where, when a bundle holds a character outside ASCII. */
export function assertAscii(files) {
  const found = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const at = line.search(/[^\0-\x7f]/);
      if (at >= 0)
        found.push(`${file}:${i + 1}:${at + 1}: ${JSON.stringify(line.slice(Math.max(0, at - 30), at + 10))}`);
    });
  }
  if (found.length)
    throw new Error(
      `non-ASCII characters in start-up bundles (write them as \\u escapes in the source):\n${found.join('\n')}`,
    );
}
