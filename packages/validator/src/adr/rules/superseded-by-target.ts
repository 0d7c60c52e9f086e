import { resolveRef } from '../supersession.js';
import type { ProjectRule } from './types.js';

export const supersededByTarget: ProjectRule = {
  id: 'superseded-by-target',
  severity: 'error',
  docs: 'A "superseded by ..." status points to an ADR that exists.',
  fixable: false,
  scope: 'project',
  checkProject(files, _config, report) {
    for (const f of files) {
      if (!f.supersededBy) continue;
      const t = resolveRef(f, f.supersededBy.ref, files);
      if (t === null)
        report(f.file, {
          line: f.supersededBy.line,
          column: f.supersededBy.column,
          message: `superseded by '${f.supersededBy.ref}', which is not an ADR in this folder`,
        });
    }
  },
};
