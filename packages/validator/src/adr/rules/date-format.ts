import { ruleMeta } from '../../core/index.js';
import { checkDate } from '../dates.js';
import { isPlaceholder } from '../status.js';
import type { FileRule } from './types.js';

export const dateFormat: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'date-format',
    severity: 'warning',
    docs:
      'The date is ISO 8601 (YYYY-MM-DD, optionally with a time or trailing prose); ' +
      '"25.05.2020" or "2020-Nov-04" get the ISO form suggested.',
    fixable: false,
  }),
  check(doc, { report }) {
    const d = doc.date;
    if (!d || isPlaceholder(d.raw) || /^\{.*\}$/.test(d.raw.trim())) return;
    const c = checkDate(d.raw);
    if (c.ok) return;
    const raw = d.raw.trim();
    const shown = raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
    report({
      line: d.line,
      column: d.column,
      message: c.suggestion
        ? `date '${shown}' is not ISO 8601; write '${c.suggestion}'`
        : `date '${shown}' is not an ISO 8601 date (YYYY-MM-DD)`,
    });
  },
};
