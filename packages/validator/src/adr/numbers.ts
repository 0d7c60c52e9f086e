// ADR numbers stay strings (`001` stays `001`) and compare as numbers.
import { isLanguageTag } from './language.js';

function isDate(digits: string): boolean {
  if (digits.length !== 8) return false;
  const y = +digits.slice(0, 4);
  const m = +digits.slice(4, 6);
  const d = +digits.slice(6, 8);
  return y >= 1970 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** log4brains names files `YYYYMMDD-slug.md`; the date is not an ADR number. */
export function isDateSlug(baseName: string): boolean {
  const m = /^(\d{8})-/.exec(baseName);
  return m !== null && isDate(m[1]!);
}

export function numberFromFileName(baseName: string): string | null {
  if (isDateSlug(baseName)) return null;
  const m = /^(\d+)(?:[-_ .]|$)/.exec(baseName) ?? /^adr[-_ ]?(\d+)(?:[-_ .]|$)/i.exec(baseName);
  return m ? m[1]! : null;
}

/**
 * The record a file name (without .md) is a translation of: mkdocs-static-i18n's suffix layout names
 * translations `<name>.<lang>.md` (`0001-foo.de.md`, `0001-foo.pt-BR.md`, `0001-foo.zh-Hans.md`).
 * Only a real language tag counts, so `0003-next.js` stays its own record. Without one, the name itself.
 */
export function translationOf(baseName: string): string {
  const dot = baseName.lastIndexOf('.');
  return dot > 0 && isLanguageTag(baseName.slice(dot + 1)) ? baseName.slice(0, dot) : baseName;
}

export function numberFromTitle(title: string): string | null {
  const m = /^(\d+)\.\s/.exec(title) ?? /^ADR[-_ ]?(\d+)\b/i.exec(title);
  return m ? m[1]! : null;
}

/** `adr: 001`, `id: ADR-0003`, `id: "12"` → digits as written; slugs → null. */
export function numberFromId(raw: string): string | null {
  const m = /^\s*["']?(?:ADR[-_ ]?)?(\d+)["']?\s*$/i.exec(raw);
  return m ? m[1]! : null;
}

export function sameNumber(a: string, b: string): boolean {
  return BigInt(a) === BigInt(b);
}

/** Numbers mentioned in a reference: `ADR-0005`, `0005-x.md`, `[5. Title](0005-title.md)`. */
export function numbersIn(ref: string): string[] {
  const out: string[] = [];
  for (const m of ref.matchAll(/(?:ADR[-_ ]?|^|\/|\[)(\d{1,6})(?=[-_.\]: ;,)]|$)/gi)) out.push(m[1]!);
  return out;
}
