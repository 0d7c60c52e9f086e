// The ignore globs (DEFAULT_IGNORE and the config's) as one matcher, which knows that a record
// kept as a folder (`0001-x/index.md`) is not the index page `**/index.md` means to skip.
import picomatch from 'picomatch';
import { recordPageFolder } from './record-page.js';

/** The ignore globs that name index pages, which a record page is not (DEFAULT_IGNORE's and the scan's). */
const PAGE_GLOBS = new Set(['**/README.md', '**/readme.md', '**/index.md']);

/**
 * A matcher for ignore globs (picomatch, `options` passed on) under which a record page is not
 * ignored by the globs that skip index pages (`**\/README.md`, `**\/index.md`), only by the others.
 */
export function ignoreMatcher(globs: readonly string[], options: picomatch.PicomatchOptions): (rel: string) => boolean {
  const all = picomatch([...globs], options);
  const rest = globs.filter((g) => !PAGE_GLOBS.has(g));
  const forPages = rest.length > 0 ? picomatch(rest, options) : () => false;
  return (rel) => (recordPageFolder(rel) !== null ? forPages(rel) : all(rel));
}
