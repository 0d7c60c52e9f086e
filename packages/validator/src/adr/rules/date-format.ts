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
      '"25.05.2020" or "2020-Nov-04" get the ISO form suggested; "03/04/2020" gets both readings, since it is ' +
      'day first in some countries and month first in others.',
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
      message: c.readings
        ? `date '${shown}' reads two ways; write '${c.readings[0]}' (day first) or '${c.readings[1]}' (month first)`
        : c.basic
          ? `date '${shown}' is ISO 8601's basic form, not YYYY-MM-DD; write '${c.suggestion}'`
          : c.suggestion
            ? `date '${shown}' is not ISO 8601; write '${c.suggestion}'`
            : `date '${shown}' is not a full calendar date (YYYY-MM-DD)`,
    });
  },
};
