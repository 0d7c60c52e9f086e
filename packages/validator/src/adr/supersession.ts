import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { numberFromFileName, numbersIn, sameNumber } from './numbers.js';

const listings = new Map<string, string[]>();

// A run may lint only some files (pre-commit passes the changed ones), so a
// target missing from the run is looked up on disk before it is called missing.
function onDisk(dir: string): string[] {
  let names = listings.get(dir);
  if (!names) {
    try {
      names = readdirSync(dir).filter((n) => /\.(md|markdown)$/i.test(n));
    } catch {
      names = [];
    }
    listings.set(dir, names);
  }
  return names;
}
import type { AdrSummary } from './rules/types.js';

/** Resolve a supersession reference (link, `ADR-0005`, log4brains slug) among the linted files. */
export function resolveRef(
  from: AdrSummary,
  ref: string,
  files: readonly AdrSummary[],
): AdrSummary | null | 'external' {
  const url = ref.trim().replace(/^<|>$/g, '').split('#')[0]!;
  if (/^[a-z]+:\/\//i.test(url)) return 'external';
  if (/\.(md|markdown)$/i.test(url) || url.includes('/')) {
    const abs = path.resolve(from.dir, decodeURIComponent(url));
    const hit = files.find((f) => f.absPath === abs);
    if (hit) return hit;
    return existsSync(abs) ? 'external' : null;
  }
  const slug = files.find((f) => f.dir === from.dir && f.baseName === url);
  if (slug) return slug;
  if (onDisk(from.dir).some((n) => n.replace(/\.(md|markdown)$/i, '') === url)) return 'external';
  const nums = numbersIn(url);
  const n = nums[0] ?? (/^\d+$/.test(url) ? url : null);
  if (n === null) return null;
  const hit = files.find((f) => f !== from && f.dir === from.dir && f.number !== null && sameNumber(f.number, n));
  if (hit) return hit;
  return onDisk(from.dir).some((name) => {
    const fn = numberFromFileName(name.replace(/\.(md|markdown)$/i, ''));
    return fn !== null && sameNumber(fn, n) && path.join(from.dir, name) !== from.absPath;
  })
    ? 'external'
    : null;
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
