// Status words: how a raw status value is read, whatever decoration it carries.

export const DEFAULT_STATUSES = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded', 'draft'];

/**
 * Status words teams document for themselves (seen in real ADR folders). They are not in the
 * default list, so they get a warning, but never a "did you mean" that would change their
 * meaning: `implemented` is not a misspelt `accepted`.
 */
const TEAM_STATUSES = [
  'approved',
  'implemented',
  'partially implemented',
  'decided',
  'pending',
  'open',
  'reverted',
  'amended',
  'provisional',
  'withdrawn',
  'declined',
  'obsolete',
  'retired',
  'on hold',
  'in progress',
  'under review',
  'wip',
  'done',
  'adopted',
  'agreed',
  'active',
  'planned',
  'experimental',
  'completed',
  'gathering',
  'critical',
  'revised',
  'abandoned',
  'postponed',
];

/** Statuses of two words: the second word belongs to the status, not to the prose after it. */
const TWO_WORDS = new Set(TEAM_STATUSES.filter((s) => s.includes(' ')));

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
  /** Prose that names several statuses (a history told in a sentence): not compared with others. */
  narrative: boolean;
  /**
   * Why a sentence gives no status (`normalized` is then ''): `several`, its first clause names more
   * than one ("Proposed, then accepted in March"); `sentence`, it does not start with a status word
   * ("We accepted this after review", "Currently proposed"). Its first word would be a guess.
   */
  unread: { why: 'several' | 'sentence'; named: string[] } | null;
}

// A list of alternatives: `[accepted | deprecated | ...]`; bare (`proposed | accepted`) in a field.
const PLACEHOLDER = /^[[{(]?\s*[\w -]+\s*\|/;
const BRACKETED_PLACEHOLDER = /^[[{(]\s*[\w -]+\s*\|/;

/**
 * True for a template's prompt, e.g. `[accepted | deprecated | ...]`. `bare: false` where a `|`
 * is ordinary text (a title such as `Choose A | B`): only a bracketed list is a prompt there.
 */
export function isPlaceholder(raw: string, options: { bare?: boolean } = {}): boolean {
  const t = raw.trim();
  // A whole value in [...], {...} or <...> is a template prompt: `[Insert Date]`, `{proposed | ...}`.
  return (
    (options.bare === false ? BRACKETED_PLACEHOLDER : PLACEHOLDER).test(t) ||
    /^(?:\{[^{}]*\}|\[[^[\]]*\]|<[^<>]*>)$/s.test(t) ||
    /^(STATUS|DATE|YYYY-MM-DD|yyyy-mm-dd)$/.test(t) ||
    /^YYYY-MM-DD\b/i.test(t) ||
    // A Handlebars or Mustache variable left in: the template was copied, not rendered.
    /\{\{[^{}]*\}\}/.test(t)
  );
}

// Emoji read in the wrong encoding (UTF-8 bytes as Windows-1252: `âœ…`, `ðŸš€`): a lead byte's
// letter (Â Ã â ï ð) followed by continuation bytes' characters. Decoration, though some are letters.
const MOJIBAKE_LEAD = '[ÂÃâïð]';
const MOJIBAKE_CONT = '[\\u0080-\\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]';
const IS_LEAD = new RegExp(`^${MOJIBAKE_LEAD}$`);
const IS_CONT = new RegExp(`^${MOJIBAKE_CONT}$`);
// A date before the word (`2024-02-01 Accepted`, an entry of a status history) belongs to the
// entry: it is neither decoration nor the status.
const DATE = String.raw`(?:\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{8})(?![\d])`;

/**
 * lead: the first letter or digit, in any script (`Café`, `数据`), starts the entry: emoji, their
 * mojibake and markup remnants before it are decoration. symbol: a character that is decoration at
 * the end. dateLead: a leading date and the symbols after it.
 * Their Unicode property classes cost V8 a parse when the pattern is made (~0.1 ms each) and a
 * compile at its first and second use (regexp tier-up, ~0.3 ms): a one-file check on a pre-commit
 * hook paid that at every run (issue 15). So they are made on first use, and text that is all
 * ASCII (most status lines) is read with ASCII forms, where a letter is A-Z or a-z, a digit 0-9 and
 * no mojibake can occur. test/status.test.ts checks that each form matches what its pattern matches.
 */
interface Patterns {
  lead: RegExp;
  symbol: RegExp;
  dateLead: RegExp;
}
let unicode: Patterns | undefined;
const UNICODE = (): Patterns =>
  (unicode ??= {
    lead: new RegExp(`^(?:${MOJIBAKE_LEAD}${MOJIBAKE_CONT}+|[^\\p{L}\\p{N}])*`, 'u'),
    symbol: new RegExp('^[^\\p{L}\\p{N})\\].]$', 'u'),
    dateLead: new RegExp(`^${DATE}[^\\p{L}\\p{N}]*`, 'u'),
  });
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
const ASCII: Patterns = {
  lead: /^[^A-Za-z0-9]*/,
  symbol: /^[^A-Za-z0-9)\].]$/,
  dateLead: new RegExp(`^${DATE}[^A-Za-z0-9]*`),
};
/** The patterns to read `text` with. */
const patternsFor = (text: string): Patterns => (isAscii(text) ? ASCII : UNICODE());

/** Each Unicode pattern with its ASCII form, for test/status.test.ts. @internal */
export function asciiForms(): Array<[RegExp, RegExp]> {
  const u = UNICODE();
  return [
    [u.lead, ASCII.lead],
    [u.symbol, ASCII.symbol],
    [u.dateLead, ASCII.dateLead],
  ];
}

/** The symbols and mojibake at the end of a value; scanned backwards, so a long value costs one pass. */
function trailOf(value: string): string {
  const chars = Array.from(value);
  const { symbol } = patternsFor(value);
  let i = chars.length;
  while (i > 0) {
    const c = chars[i - 1]!;
    if (symbol.test(c)) i--;
    else if (IS_LEAD.test(c) && i < chars.length && IS_CONT.test(chars[i]!)) i--;
    else if (IS_CONT.test(c)) {
      // A letter such as `œ` is mojibake only where a lead byte's letter starts its run.
      let j = i - 1;
      while (j > 0 && IS_CONT.test(chars[j - 1]!)) j--;
      if (j === 0 || !IS_LEAD.test(chars[j - 1]!)) break;
      i = j - 1;
    } else break;
  }
  return chars.slice(i).join('');
}
// Markdown emphasis that did not parse as such (`** Approved **`) is markup, not decoration.
const MARKUP = /[*_~`]/g;
// Struck-through words (`~~Proposed~~ Accepted`, GFM) are the superseded history, not the status.
const STRUCK = /~~[^~\n]+~~|~[^~\s][^~\n]*~/g;

/** The status entry's words: struck-through text, markup, decoration and a leading date removed. */
function statusText(raw: string): string {
  const text = raw.replace(STRUCK, ' ').replace(MARKUP, ' ').replace(/\s+/g, ' ').trim();
  const { lead, dateLead } = patternsFor(text);
  return text.replace(lead, '').replace(dateLead, '');
}

/** Whether a value starts with a date (`2024-02-01 Accepted`): an entry of a status history. */
export function startsWithDate(raw: string): string | null {
  const trimmed = raw.trim();
  const { lead, dateLead } = patternsFor(trimmed);
  const t = trimmed.replace(lead, '');
  const m = dateLead.exec(t);
  return m ? t.slice(0, m[0].length).replace(/[^\d]+$/, '') : null;
}

export function readStatus(raw: string, allowed: readonly string[]): ReadStatus {
  const trimmed = raw.trim();
  const placeholder = isPlaceholder(trimmed);
  const lead = patternsFor(trimmed).lead.exec(trimmed)?.[0] ?? '';
  let clean = trimmed.slice(lead.length);
  const trail = trailOf(clean);
  // A trailing period belongs to prose ("Accepted."); other trailing symbols are decoration.
  clean = clean.slice(0, clean.length - trail.length);
  const symbols = (s: string) => s.replace(MARKUP, '').replace(/\s/g, '').length > 0;
  const decorated = !placeholder && (symbols(lead) || symbols(trail)) && clean.length > 0;
  const plain = statusText(trimmed);
  const lower = plain.toLowerCase();
  const sorted = [...allowed].map((s) => s.toLowerCase()).sort((a, b) => b.length - a.length);
  let normalized: string | null = null;
  let supersededBy: string | null = null;
  // "Deprecated, superseded by ADR 7" in one clause: deprecated, then superseded; the reference wins.
  const sup =
    /^(?:superseded|superceded)\b(?:\s*by\b\s*:?\s*(.*))?/i.exec(plain) ??
    (deprecatedThenSuperseded(plain, allowed) ? DEPRECATED_SUPERSEDED.exec(plain) : null);
  if (sup) {
    normalized = 'superseded';
    supersededBy = sup[1]?.trim() || null;
  } else {
    for (const s of sorted) {
      // A status must be the whole first word(s): `accepted-draft` is not `accepted`.
      if (lower === s || (lower.startsWith(s) && /^[\s.,;:(!]/.test(lower.slice(s.length)))) {
        normalized = s;
        break;
      }
    }
  }
  let valid = normalized !== null && (normalized !== 'superseded' || sorted.includes('superseded'));
  // "Proposed by the team in January, accepted on 2024-02-01.": a story of the status, which
  // names more than one; its first word is not a statement of the current status.
  const statusWords = (s: string) => [
    ...new Set(s.split(/[^a-z]+/).filter((w) => sorted.includes(w) || DEFAULT_STATUSES.includes(w))),
  ];
  const narrative = !sup && statusWords(lower).length > 1;
  // The first clause (to `. ` or `;`) is the statement: "Accepted as amended (…). Originally
  // proposed …" is accepted, "Proposed, then accepted in March" says no one status.
  const clause = lower.split(/;|\.(?:\s|$)/)[0]!;
  const named = statusWords(clause);
  let unread: ReadStatus['unread'] = null;
  if (!sup && !placeholder && named.length > 1) unread = { why: 'several', named };
  else if (normalized === null) {
    const first = leadingWords(lower);
    // A word of the team's own (`ready`, `critical update`) is its status; a sentence that names a
    // status later, or a long clause that starts with another word, is not one.
    const sentence = named.length > 0 || clause.trim().split(/\s+/).length > 3;
    if (!placeholder && !isTeamStatus(first) && sentence) unread = { why: 'sentence', named };
    else normalized = first;
  }
  if (unread) valid = false;
  return {
    normalized: unread ? '' : (normalized ?? ''),
    clean: decorated ? clean : trimmed,
    decorated,
    valid,
    supersededBy,
    placeholder,
    narrative,
    unread,
  };
}

const DEPRECATED_SUPERSEDED =
  /^deprecated\b[\s,:\u2013\u2014-]*(?:(?:and|then|now|and now)\s+)?(?:superseded|superceded)\s+by\b\s*:?\s*(\S.*)/i;

/**
 * Whether a status is deprecated and superseded by a named record in its first clause, and names
 * no other status there: `Deprecated, superseded by ADR 7`, `Deprecated - superseded by [7](...)`.
 */
function deprecatedThenSuperseded(plain: string, allowed: readonly string[]): boolean {
  if (!DEPRECATED_SUPERSEDED.test(plain)) return false;
  const known = new Set([...allowed, ...DEFAULT_STATUSES].map((w) => w.toLowerCase()));
  const clause = plain.toLowerCase().split(/;|\.(?:\s|$)/)[0]!;
  const named = new Set(clause.split(/[^a-z]+/).filter((w) => known.has(w)));
  named.delete('deprecated');
  named.delete('superseded');
  return named.size === 0;
}

/** The status word of an unknown status: its first word, or two when they make one status (`on hold`). */
function leadingWords(lower: string): string {
  const words = lower.split(/[^a-z0-9-]+/).filter(Boolean);
  const two = words.slice(0, 2).join(' ');
  return TWO_WORDS.has(two) ? two : (words[0] ?? '');
}

/**
 * Whether the first line of a `## Status` section states a status, rather than prose or a
 * description of something else called Status: a known status word, or a short phrase.
 */
export function looksLikeStatus(line: string, allowed: readonly string[] = DEFAULT_STATUSES): boolean {
  const plain = statusText(line);
  if (!plain || isPlaceholder(line)) return true;
  const lower = plain.toLowerCase();
  if (/^(superseded|superceded|supersedes|supercedes)\b/.test(lower)) return true;
  const first = leadingWords(lower);
  if (allowed.includes(first) || TEAM_STATUSES.includes(first)) return true;
  // "Critical update", "On hold pending review" : a short phrase before any punctuation.
  const phrase = lower.split(/[.,;:(\u2013\u2014]|\s-\s/)[0]!.trim();
  return phrase.split(/\s+/).length <= 2 && phrase.length <= 30;
}

/** Whether a status word is a status some team documents (no typo hint for those). */
export function isTeamStatus(word: string): boolean {
  return TEAM_STATUSES.includes(word.toLowerCase());
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
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

/** A "did you mean" for a misspelt status (`Acepted`), or null; never for another team's word. */
export function suggestStatus(word: string, allowed: readonly string[]): string | null {
  const w = word.toLowerCase();
  if (isTeamStatus(w)) return null;
  let best: string | null = null;
  let bestD = Infinity;
  for (const s of allowed) {
    const d = editDistance(w, s);
    if (d < bestD) {
      bestD = d;
      best = s;
    }
  }
  return bestD <= Math.max(1, Math.floor(w.length / 4)) ? best : null;
}
