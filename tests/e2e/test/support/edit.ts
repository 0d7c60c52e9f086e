// Edits a test makes to a generated service or a copy of the templates, anchored on text that must
// be there exactly once, so a template that moved on fails the test loudly instead of silently
// leaving the edit out.
import fs from 'node:fs';
import path from 'node:path';

/** Replaces exactly one occurrence of `from` in dir/file; fails loudly when the template changed. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, 'utf8');
  const count =
    typeof from === 'string'
      ? text.split(from).length - 1
      : (text.match(new RegExp(from.source, from.flags.includes('g') ? from.flags : `${from.flags}g`)) ?? []).length;
  if (count !== 1) throw new Error(`${file}: expected one match of ${String(from)}, found ${count}`);
  // `to` may name a regex's groups ($1), as String.prototype.replace reads it.
  fs.writeFileSync(p, text.replace(from, to));
}
