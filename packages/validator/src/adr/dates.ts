// Date checks: ISO 8601 calendar dates, with the ISO form suggested for common local spellings.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function iso(y: number, m: number, d: number): string | null {
  if (!valid(y, m, d)) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function month(name: string): number {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? 0 : i + 1;
}

export interface DateCheck {
  ok: boolean;
  /** ISO form of a recognised non-ISO date. */
  suggestion: string | null;
}

/** ISO 8601 date, optionally with a time, optionally followed by prose after a space. */
export function checkDate(raw: string): DateCheck {
  const v = raw.trim();
  let m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?:[\s;,(].*)?$/s.exec(v);
  if (m) {
    const ok = valid(+m[1]!, +m[2]!, +m[3]!);
    return { ok, suggestion: null };
  }
  let s: string | null = null;
  if ((m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})\b/.exec(v))) s = iso(+m[3]!, +m[2]!, +m[1]!);
  else if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(v))) s = iso(+m[1]!, +m[2]!, +m[3]!);
  else if ((m = /^(\d{4})-([A-Za-z]{3,9})-(\d{1,2})\b/.exec(v))) s = iso(+m[1]!, month(m[2]!), +m[3]!);
  else if ((m = /^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/.exec(v)))
    s = iso(+m[3]!, month(m[1]!), +m[2]!);
  else if ((m = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.?,? (\d{4})\b/.exec(v)))
    s = iso(+m[3]!, month(m[2]!), +m[1]!);
  return { ok: false, suggestion: s };
}
