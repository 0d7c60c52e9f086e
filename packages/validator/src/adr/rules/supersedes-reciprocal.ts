import { ruleMeta } from '../../core/index.js';
import { mentions, resolveRef } from '../supersession.js';
import type { ProjectRule } from './types.js';

export const supersedesReciprocal: ProjectRule = {
  scope: 'project',
  meta: ruleMeta('adr', {
    id: 'supersedes-reciprocal',
    severity: 'warning',
    docs:
      'The superseding ADR says which ADR it supersedes: a "Supersedes [...]" line, front matter ' +
      '"supersedes:", or a later clause of its status ("accepted; supersedes ADR-0045").',
    fixable: false,
  }),
  check(files, { options, report }) {
    for (const f of files) {
      if (!f.supersededBy) continue;
      const t = resolveRef(f, f.supersededBy.ref, files, options);
      if (!t || t === 'external' || mentions(t, f)) continue;
      report({
        file: t.file,
        line: 1,
        column: 1,
        message:
          `${f.baseName} says it is superseded by this ADR, ` + `but this ADR does not say 'Supersedes ${f.baseName}'`,
      });
    }
  },
};
