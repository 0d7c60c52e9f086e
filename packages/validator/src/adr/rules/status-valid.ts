import { ruleMeta } from '../../core/index.js';
import { readStatus, suggestStatus } from '../status.js';
import type { FileRule } from './types.js';

export const statusValid: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'status-valid',
    severity: 'error',
    docs:
      'The status word is one of the configured statuses (default: proposed, accepted, rejected, ' +
      'deprecated, superseded, draft), in any case.',
    fixable: false,
  }),
  check(doc, { options: config, report }) {
    const f = doc.status;
    if (!f) return;
    const s = readStatus(f.raw, config.statuses);
    // Unfilled templates are reported once, by template-placeholder.
    if (s.placeholder || s.valid || !s.clean) return;
    const word = s.normalized;
    const hint = suggestStatus(word.split(' ')[0] ?? word, config.statuses) ?? suggestStatus(word, config.statuses);
    const allowed = config.statuses.join(', ');
    report({
      line: f.line,
      column: f.column,
      message: `unknown status '${word}'${hint ? `; did you mean '${hint}'?` : ''} (allowed: ${allowed})`,
    });
  },
};
