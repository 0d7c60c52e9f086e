import { ruleMeta } from '../../core/index.js';
import type { FieldSource } from '../types.js';
import type { FileRule } from './types.js';

const PLACE: Record<FieldSource, string> = {
  'front-matter': 'front matter',
  flattened: 'front matter',
  list: 'the metadata list',
  bold: 'the bold Status field',
  table: 'the metadata table',
  section: "the '## Status' section",
  changelog: 'the change log',
  plain: "the 'Status:' line",
};

export const statusConsistent: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'status-consistent',
    severity: 'error',
    docs:
      'When the status is written in more than one place (e.g. front matter and "## Status"), they name the ' +
      'same status. Only known statuses are compared: "Amended ..." next to "accepted" is prose, not a ' +
      'contradiction, and so is a sentence naming several ("Proposed in January, accepted in February"); ' +
      'struck-through words ("~~Proposed~~ Accepted") are history, not the status.',
    fixable: false,
  }),
  check(doc, { report }) {
    const [main, ...others] = doc.statuses;
    const a = main?.read;
    if (!main || !a?.valid || a.narrative) return;
    for (const o of others) {
      const b = o.read;
      // A sentence telling the status's story names several statuses: it states none of them.
      if (o.source === main.source || !b?.valid || b.narrative || b.normalized === a.normalized) continue;
      report({
        line: o.line,
        column: o.column,
        message:
          `status '${b.normalized}' in ${PLACE[o.source]} disagrees with '${a.normalized}' in ` +
          `${PLACE[main.source]} (line ${main.line})`,
      });
      return;
    }
  },
};
