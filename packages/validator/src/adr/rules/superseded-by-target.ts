import { ruleMeta } from '../../core/index.js';
import { resolveRef } from '../supersession.js';
import type { ProjectRule } from './types.js';

export const supersededByTarget: ProjectRule = {
  scope: 'project',
  meta: ruleMeta('adr', {
    id: 'superseded-by-target',
    severity: 'error',
    docs:
      'A "superseded by ..." status (a link, ADR-0005 or a log4brains slug), or a front-matter superseded-by key, ' +
      'points to an ADR that exists. A number is looked for beside the record, then (numbering: tree, the ' +
      'default) in the whole ADR folder with its sub-folders, where `distroless-adr new --dir` numbers records. ' +
      'Links are followed as GitHub renders them: reference-style links through their definitions, and ' +
      '"/docs/adr/..." from the git repository\'s top level.',
    fixable: false,
  }),
  check(files, { options, report }) {
    for (const f of files) {
      if (!f.supersededBy) continue;
      const t = resolveRef(f, f.supersededBy.ref, files, options);
      if (t === null)
        report({
          file: f.file,
          line: f.supersededBy.line,
          column: f.supersededBy.column,
          message: `superseded by '${f.supersededBy.ref}', which is not an ADR in this folder`,
        });
    }
  },
};
