import { ruleMeta } from '../../core/index.js';
import { hasControls, withoutControls } from '../controls.js';
import { readStatus } from '../status.js';
import type { FileRule } from './types.js';

export const statusDecoration: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'status-decoration',
    severity: 'warning',
    docs:
      'The status is a plain word: emoji, stray symbols or mis-encoded emoji (e.g. "âœ…") around it are ' +
      'removed by --fix, and so are control characters and whole terminal escape sequences (ESC [ 2 J). Letters of ' +
      'any script are words, not symbols: `Superseded by [11. Move to 数据](0011-move-to.md)` is plain.',
    fixable: true,
  }),
  check(doc, { report, options }) {
    for (const f of doc.statuses) {
      const s = f.read;
      if (!s) continue;
      if (hasControls(f.raw)) {
        // What is left once the sequences are gone, with any decoration removed as well: one fix.
        const left = withoutControls(f.raw);
        const clean = left && readStatus(left, options.statuses).clean;
        const fix = f.range && clean ? [{ start: f.range.start, end: f.range.end, text: clean }] : undefined;
        report({
          line: f.line,
          column: f.column,
          message:
            `status '${f.raw.trim()}' holds control characters or terminal escape sequences; ` +
            (clean ? `write '${clean}'` : 'write the status by hand'),
          ...(fix ? { fix } : {}),
        });
        continue;
      }
      if (!s.decorated) continue;
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
