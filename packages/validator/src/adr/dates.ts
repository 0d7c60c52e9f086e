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
  /** `03/04/2020`: both readings (day first, month first) when they differ; no suggestion then. */
  readings?: [string, string];
  /** `20200105`: ISO 8601's basic form, valid ISO but not the YYYY-MM-DD the rule asks for. */
  basic?: boolean;
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
  if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(v))) {
    // Slashes are written day first in Europe and month first in the US: never guess between them.
    const dayFirst = iso(+m[3]!, +m[2]!, +m[1]!);
    const monthFirst = iso(+m[3]!, +m[1]!, +m[2]!);
    if (dayFirst && monthFirst && dayFirst !== monthFirst)
      return { ok: false, suggestion: null, readings: [dayFirst, monthFirst] };
    s = dayFirst ?? monthFirst;
  } else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\b/.exec(v))) s = iso(+m[3]!, +m[2]!, +m[1]!);
  else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(v))) {
    const b = iso(+m[1]!, +m[2]!, +m[3]!);
    if (b) return { ok: false, suggestion: b, basic: true };
  } else if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(v))) s = iso(+m[1]!, +m[2]!, +m[3]!);
  else if ((m = /^(\d{4})-([A-Za-z]{3,9})-(\d{1,2})\b/.exec(v))) s = iso(+m[1]!, month(m[2]!), +m[3]!);
  else if ((m = /^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/.exec(v)))
    s = iso(+m[3]!, month(m[1]!), +m[2]!);
  else if ((m = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.?,? (\d{4})\b/.exec(v)))
    s = iso(+m[3]!, month(m[2]!), +m[1]!);
  return { ok: false, suggestion: s };
}
