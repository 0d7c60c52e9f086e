import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const statusDecoration: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'status-decoration',
    severity: 'warning',
    docs:
      'The status is a plain word: emoji, stray symbols or mis-encoded emoji (e.g. "âœ…") around it are ' +
      'removed by --fix.',
    fixable: true,
  }),
  check(doc, { report }) {
    for (const f of doc.statuses) {
      const s = f.read;
      if (!s?.decorated) continue;
      const fix = f.range ? [{ start: f.range.start, end: f.range.end, text: s.clean }] : undefined;
      report({
        line: f.line,
        column: f.column,
        message: `status '${f.raw.trim()}' carries symbols around '${s.clean}'; write '${s.clean}'`,
        ...(fix ? { fix } : {}),
      });
    }
  },
};
