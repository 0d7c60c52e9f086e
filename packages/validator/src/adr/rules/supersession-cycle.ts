import { ruleMeta } from '../../core/index.js';
import { resolveRef } from '../supersession.js';
import type { AdrSummary, ProjectRule } from './types.js';

export const supersessionCycle: ProjectRule = {
  scope: 'project',
  meta: ruleMeta('adr', {
    id: 'supersession-cycle',
    severity: 'error',
    docs: 'Following "superseded by" from ADR to ADR never leads back to the start (a cycle has no current decision).',
    fixable: false,
  }),
  check(files, { options, report }) {
    const next = (f: AdrSummary): AdrSummary | null => {
      if (!f.supersededBy) return null;
      const t = resolveRef(f, f.supersededBy.ref, files, options);
      return t && t !== 'external' ? t : null;
    };
    const reported = new Set<AdrSummary>();
    for (const start of files) {
      if (reported.has(start)) continue;
      const chain: AdrSummary[] = [start];
      for (let cur = next(start); cur && !reported.has(cur); cur = next(cur)) {
        if (cur === start) {
          // Once per cycle, on the record it was first met from.
          for (const f of chain) reported.add(f);
          const names = [...chain, start].map((f) => f.baseName).join(' → ');
          report({
            file: start.file,
            line: start.supersededBy!.line,
            column: start.supersededBy!.column,
            message: `superseded in a cycle (${names}): none of these ADRs is the current decision`,
          });
          break;
        }
        if (chain.includes(cur)) break; // a cycle that does not pass through `start`: reported from one of its own
        chain.push(cur);
      }
    }
  },
};
