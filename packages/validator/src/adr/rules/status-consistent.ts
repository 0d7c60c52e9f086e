import { ruleMeta } from '../../core/index.js';
import { hasControls } from '../controls.js';
import { suggestStatus } from '../status.js';
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
      'struck-through words ("~~Proposed~~ Accepted") are history, not the status. A misspelt status ' +
      "status-valid's --fix corrects is compared as corrected, so the fix reveals no contradiction.",
    fixable: false,
  }),
  check(doc, { options: config, report }) {
    const [main, ...others] = doc.statuses;
    const a = main?.read;
    if (!main || !a || a.placeholder || a.narrative) return;
    // A typo status-valid corrects (`acepted`) is compared as the word --fix makes of it.
    const corrected =
      a.valid || !a.normalized || hasControls(main.raw) ? null : suggestStatus(a.normalized, config.statuses);
    const word = a.valid ? a.normalized : corrected;
    if (!word) return;
    for (const o of others) {
      const b = o.read;
      // A sentence telling the status's story names several statuses: it states none of them.
      if (o.source === main.source || !b?.valid || b.narrative || b.normalized === word) continue;
      report({
        line: o.line,
        column: o.column,
        message:
          `status '${b.normalized}' in ${PLACE[o.source]} disagrees with '${a.normalized}'` +
          `${corrected ? ` (read as '${corrected}')` : ''} in ${PLACE[main.source]} (line ${main.line})`,
      });
      return;
    }
  },
};
