import { ruleMeta } from '../../core/index.js';
import { controlSpans, hasControls, withoutControls } from '../controls.js';
import { readStatus, suggestStatus } from '../status.js';
import type { FileRule } from './types.js';

/** `Acepted` → `Accepted`: the suggestion in the case the author wrote. */
function sameCase(word: string, like: string): string {
  if (like === like.toUpperCase()) return word.toUpperCase();
  if (like[0] === like[0]!.toUpperCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

export const statusValid: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'status-valid',
    severity: 'warning',
    docs:
      'The status word is one of the statuses (default: proposed, accepted, rejected, deprecated, superseded, ' +
      'draft), in any case. A warning by default, as teams document their own; an error once the config lists ' +
      '"statuses". A misspelt status is corrected by --fix. A sentence is no status: one that does not start ' +
      'with a status word ("We accepted this after review"), or whose first clause names several ("Proposed, ' +
      'then accepted in March"), gives the record no status (list and index show none) and this warning; ' +
      '"Deprecated, superseded by ADR 7" in one clause is superseded by ADR 7 (the reference wins).',
    fixable: true,
  }),
  check(doc, { options: config, report }) {
    const f = doc.status;
    // A status holding escape sequences is judged without them; status-decoration removes them, so
    // no word inside a sequence (`[32maccepted`) is corrected here.
    const controls = f ? hasControls(f.raw) : false;
    const left = f && controls ? withoutControls(f.raw) : '';
    const s = controls ? (left ? readStatus(left, config.statuses) : undefined) : f?.read;
    if (f && s?.unread) {
      // A sentence gives no status (list and index show none); its first word is not one.
      const text = (controls ? left : f.raw).trim().replace(/\s+/g, ' ');
      const quoted = `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
      const { why, named } = s.unread;
      const names = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named.join('');
      report({
        line: f.line,
        column: f.column,
        message:
          why === 'several'
            ? `status ${quoted} names ${names}, so which is current is unclear; start it with the current status`
            : `status ${quoted} does not start with a status word` +
              (named.length > 0 ? ` (it names ${names})` : '') +
              `; start it with the status (known: ${config.statuses.join(', ')})`,
      });
      return;
    }
    if (!f || !s || s.placeholder || s.valid || !s.normalized) return;
    const word = s.normalized;
    const hint = suggestStatus(word, config.statuses);
    const listed = config.statusesConfigured
      ? `allowed: ${config.statuses.join(', ')}`
      : `known: ${config.statuses.join(', ')}; if your team uses it, list it under "statuses" in the config`;
    // The misspelt word is replaced where it is written, keeping its case and the text after it;
    // never inside an escape sequence (`ESC]0;acepted BEL`), whose removal is status-decoration's fix.
    let fix;
    if (hint && f.range) {
      const raw = doc.text.slice(f.range.start, f.range.end);
      const spans = controls ? controlSpans(raw) : [];
      const lower = raw.toLowerCase();
      let at = lower.indexOf(word);
      while (at >= 0 && spans.some(([s, e]) => at < e && s < at + word.length)) at = lower.indexOf(word, at + 1);
      if (at >= 0) {
        const start = f.range.start + at;
        fix = [{ start, end: start + word.length, text: sameCase(hint, doc.text.slice(start, start + word.length)) }];
      }
    }
    report({
      line: f.line,
      column: f.column,
      message: `unknown status '${word}'${hint ? `; did you mean '${hint}'?` : ''} (${listed})`,
      ...(fix ? { fix } : {}),
    });
  },
};
