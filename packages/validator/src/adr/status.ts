// Status words: how a raw status value is read, whatever decoration it carries.

export const DEFAULT_STATUSES = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded', 'draft'];

/** Words teams use for a default status; used only for "did you mean" hints. */
const SYNONYMS: Record<string, string> = {
  approved: 'accepted',
  implemented: 'accepted',
  decided: 'accepted',
  done: 'accepted',
  adopted: 'accepted',
  agreed: 'accepted',
  withdrawn: 'rejected',
  declined: 'rejected',
  obsolete: 'deprecated',
  retired: 'deprecated',
  pending: 'proposed',
  open: 'proposed',
  wip: 'draft',
  'in progress': 'proposed',
  'under review': 'proposed',
};

export interface ReadStatus {
  /** Lower-case status as reported (`superseded` for "superseded by ..."). */
  normalized: string;
  /** The clean text (decoration removed), e.g. `Accepted`. */
  clean: string;
  /** Leading or trailing symbols that are not part of the status (emoji, mojibake). */
  decorated: boolean;
  /** Whether `normalized` is in the configured set. */
  valid: boolean;
  /** The target after "superseded by", raw. */
  supersededBy: string | null;
  placeholder: boolean;
}

const PLACEHOLDER = /^[[{(]?\s*[\w -]+\s*\|/;

/** True for a template's alternatives list, e.g. `[accepted | deprecated | ...]`. */
export function isPlaceholder(raw: string): boolean {
  const t = raw.trim();
  // A whole value in [...], {...} or <...> is a template prompt: `[Insert Date]`, `{proposed | ...}`.
  return PLACEHOLDER.test(t) || /^(?:\{[^{}]*\}|\[[^[\]]*\]|<[^<>]*>)$/s.test(t) || /^(STATUS|DATE)$/.test(t);
}

// The first ASCII letter starts the status word: emoji, their mojibake (`âœ…`) and
// markup remnants before it are decoration. Lowercase letters like `â` are not ASCII.
const LEAD = /^[^A-Za-z]*/;
const TRAIL = /[^A-Za-z0-9)\].]+$/;

export function readStatus(raw: string, allowed: readonly string[]): ReadStatus {
  const trimmed = raw.trim();
  const placeholder = isPlaceholder(trimmed);
  const lead = LEAD.exec(trimmed)?.[0] ?? '';
  let clean = trimmed.slice(lead.length);
  const trail = TRAIL.exec(clean)?.[0] ?? '';
  // A trailing period belongs to prose ("Accepted."); other trailing symbols are decoration.
  clean = clean.slice(0, clean.length - trail.length);
  const decorated = !placeholder && (lead.length > 0 || trail.length > 0) && clean.length > 0;
  const lower = clean.toLowerCase().replace(/\s+/g, ' ');
  const sorted = [...allowed].map((s) => s.toLowerCase()).sort((a, b) => b.length - a.length);
  let normalized: string | null = null;
  let supersededBy: string | null = null;
  const sup = /^(?:superseded|superceded)\b(?:\s*by\b\s*:?\s*(.*))?/i.exec(clean);
  if (sup) {
    normalized = 'superseded';
    supersededBy = sup[1]?.trim() || null;
  } else {
    for (const s of sorted) {
      // A status must be the whole first word(s): `accepted-draft` is not `accepted`.
      if (lower === s || (lower.startsWith(s) && /^[\s.,;:(]/.test(lower.slice(s.length)))) {
        normalized = s;
        break;
      }
    }
  }
  const valid = normalized !== null && (normalized !== 'superseded' || sorted.includes('superseded'));
  if (normalized === null) {
    // Report the leading phrase so the json stays short and comparable.
    const words = lower
      .split(/[.,;:(\-–—]/)[0]!
      .trim()
      .split(' ');
    const stop = new Set(['by', 'on', 'to', 'we', 'the', 'for', 'and', 'in', 'at']);
    const kept = [words[0]!];
    for (const w of words.slice(1, 2)) if (!stop.has(w)) kept.push(w);
    normalized = kept.join(' ');
  }
  return { normalized, clean, decorated, valid, supersededBy, placeholder };
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** A "did you mean" for a status that is not in the allowed set, or null. */
export function suggestStatus(word: string, allowed: readonly string[]): string | null {
  const w = word.toLowerCase();
  const syn = SYNONYMS[w];
  if (syn && allowed.includes(syn)) return syn;
  let best: string | null = null;
  let bestD = Infinity;
  for (const s of allowed) {
    const d = distance(w, s);
    if (d < bestD) {
      bestD = d;
      best = s;
    }
  }
  return bestD <= Math.max(1, Math.floor(w.length / 4)) ? best : null;
}
