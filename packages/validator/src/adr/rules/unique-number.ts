import { ruleMeta } from '../../core/index.js';
import type { AdrSummary, ProjectRule } from './types.js';

export const uniqueNumber: ProjectRule = {
  scope: 'project',
  meta: ruleMeta('adr', {
    id: 'unique-number',
    severity: 'error',
    docs: 'No two ADRs in the same folder share a number.',
    fixable: false,
  }),
  check(files, { report }) {
    const byKey = new Map<string, AdrSummary[]>();
    for (const f of files) {
      if (f.number === null) continue;
      const key = `${f.dir}\0${BigInt(f.number)}`;
      const list = byKey.get(key) ?? [];
      list.push(f);
      byKey.set(key, list);
    }
    for (const list of byKey.values()) {
      if (list.length < 2) continue;
      for (const f of list) {
        const others = list.filter((o) => o !== f).map((o) => o.baseName);
        report({
          file: f.file,
          line: 1,
          column: 1,
          message: `ADR number ${f.number} is also used by ${others.join(', ')}`,
        });
      }
    }
  },
};
