// Reader: metadata tables. A key/value table (`| Status | Accepted |` rows) or a header table
// (`| Status | Date |` over one row of values), and dates in a change-log table.
import type { Table } from 'mdast';
import { checkDate } from '../dates.js';
import { firstLinkUrl, textOf } from './mdast.js';
import { FIELD_KEYS, type RawField } from './types.js';

interface Cell {
  text: string;
  line: number;
  col: number;
  link: string | null;
}

function cells(t: Table): Cell[][] {
  return t.children.map((r) =>
    r.children.map((c) => ({
      text: textOf(c).trim(),
      line: c.position?.start.line ?? 1,
      col: c.position?.start.column ?? 1,
      link: firstLinkUrl(c),
    })),
  );
}

// A table's `Created` column is its date, as front matter's `created:` is (Backstage's records).
const keyOf = (text: string) => {
  const key = text.replace(/[*:]/g, '').trim().toLowerCase();
  return FIELD_KEYS.get(key) ?? (key === 'created' ? 'date' : undefined);
};

export function readMetadataTable(t: Table): RawField[] {
  const out: RawField[] = [];
  const rows = cells(t);
  const header = rows[0] ?? [];
  const keyed = header.map((c) => keyOf(c.text));
  if (keyed.some(Boolean) && rows[1]) {
    keyed.forEach((k, i) => {
      const cell = rows[1]![i];
      if (k && cell?.text) out.push({ key: k, value: cell.text, line: cell.line, column: cell.col, link: cell.link });
    });
    return out;
  }
  for (const row of rows) {
    const k = keyOf(row[0]?.text ?? '');
    const cell = row[1];
    if (k && cell?.text) out.push({ key: k, value: cell.text, line: cell.line, column: cell.col, link: cell.link });
  }
  return out;
}

/** The latest ISO date in a change-log table's `Date` column: when the record last changed state. */
export function changeLogTableDate(t: Table): RawField | null {
  const rows = cells(t);
  const col = (rows[0] ?? []).findIndex((c) => /^date$/i.test(c.text.replace(/[*:]/g, '').trim()));
  if (col < 0) return null;
  let best: Cell | null = null;
  for (const row of rows.slice(1)) {
    const c = row[col];
    if (!c || !/^\d{4}-\d{2}-\d{2}/.test(c.text) || !checkDate(c.text).ok) continue;
    if (!best || c.text.slice(0, 10) > best.text.slice(0, 10)) best = c;
  }
  return best ? { key: 'date', value: best.text, line: best.line, column: best.col, link: null } : null;
}
