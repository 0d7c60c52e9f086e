import path from 'node:path';
import { numbersIn, sameNumber } from './numbers.js';
import type { AdrSummary } from './rules/types.js';

/** Resolve a supersession reference (link, `ADR-0005`, log4brains slug) among the linted files. */
export function resolveRef(from: AdrSummary, ref: string, files: AdrSummary[]): AdrSummary | null | 'external' {
  const url = ref.trim().replace(/^<|>$/g, '').split('#')[0]!;
  if (/^[a-z]+:\/\//i.test(url)) return 'external';
  if (/\.(md|markdown)$/i.test(url) || url.includes('/')) {
    const abs = path.resolve(from.dir, decodeURIComponent(url));
    const hit = files.find((f) => f.absPath === abs);
    if (hit) return hit;
    // A relative link outside the linted set cannot be checked without reading it.
    return url.includes('/') && !url.startsWith('./') ? 'external' : null;
  }
  const slug = files.find((f) => f.dir === from.dir && f.baseName === url);
  if (slug) return slug;
  const nums = numbersIn(url);
  const n = nums[0] ?? (/^\d+$/.test(url) ? url : null);
  if (n === null) return null;
  return files.find((f) => f !== from && f.dir === from.dir && f.number !== null && sameNumber(f.number, n)) ?? null;
}

/** Does `target` say that it supersedes `source`? */
export function mentions(target: AdrSummary, source: AdrSummary): boolean {
  return target.supersedes.some((ref) => {
    const url = ref.split('#')[0]!;
    if (/\.(md|markdown)$/i.test(url) && path.resolve(target.dir, url) === source.absPath) return true;
    if (url === source.baseName) return true;
    const n = numbersIn(ref)[0] ?? (/^\d+$/.test(ref.trim()) ? ref.trim() : null);
    return n !== null && source.number !== null && sameNumber(n, source.number);
  });
}
