// The dialect of one record, read with the validator's parser, as the built-in template that writes
// it. Bundled on its own: `new` loads it only for a record the dialect memo does not know (follow.ts).
import {
  DEFAULT_FILE_TIME_LIMIT,
  DEFAULT_MAX_FILE_SIZE,
  parseAdrWithin,
  readAdrFileSync,
  timeLimitMessage,
  unreadableReason,
  type AdrDocument,
} from '@distroless-service/validator';
import { frontMatterStyle } from './front-matter.js';
import type { Found } from './follow.js';

// Sections only the full MADR template has. Not More Information: supersede and link add it to
// a minimal record for their links (edit.ts), and the next `new` would then switch templates.
const MADR_FULL = ['decision drivers', 'pros and cons of the options', 'confirmation'];
const MADR_BODY = ['context and problem statement', 'decision outcome'];

/** The built-in template that writes the dialect `doc` is in, or null when none fits. */
export function templateFor(doc: AdrDocument): string | null {
  const headings = new Set(doc.sections.map((s) => s.text.trim().toLowerCase()));
  const madrBody = MADR_BODY.some((h) => headings.has(h));
  switch (doc.dialect) {
    case 'nygard':
      return 'nygard';
    case 'frontmatter-nygard':
      return 'frontmatter';
    case 'madr-frontmatter':
      if (madrBody) return MADR_FULL.some((h) => headings.has(h)) ? 'madr-full' : 'madr-minimal';
      return /^In the context of\b/m.test(doc.text) ? 'y-statement' : 'frontmatter';
    case 'madr2':
    case 'log4brains':
      return 'madr2';
    case 'bold-fields':
      return 'bold-fields';
    case 'flattened':
    case 'madr-headings':
      return 'madr-minimal';
    default:
      return null;
  }
}

/** The validator's per-file bounds (maxFileSize, fileTimeLimit) a candidate record is read within. */
export interface DetectLimits {
  maxFileSize: number;
  fileTimeLimit: number;
}

const DEFAULT_LIMITS: DetectLimits = {
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  fileTimeLimit: DEFAULT_FILE_TIME_LIMIT,
};

/**
 * What one record says of its folder's dialect: the template that writes it, or null for a record
 * the validator would not read (larger than maxFileSize, not a regular file, binary, too slow to
 * parse) or no built-in template fits. `timedOut`: null because of the time limit, which a busy
 * machine can break where an idle one would not, so not a verdict to keep.
 */
export function readRecord(
  file: string,
  name: string,
  limits: DetectLimits = DEFAULT_LIMITS,
): { found: Found | null; timedOut: boolean } {
  // As the validator reads a file: one bounded read of a regular file, never more than maxFileSize.
  const read = readAdrFileSync(file, limits.maxFileSize);
  if (read.problems.some((p) => p.fatal)) return { found: null, timedOut: false };
  // Within the validator's per-file time limit: a hostile record is passed over, not waited for.
  const doc = parseAdrWithin(read.text, name, name, { fileTimeLimit: limits.fileTimeLimit });
  const unreadable = unreadableReason(doc);
  if (unreadable !== null)
    return { found: null, timedOut: unreadable === timeLimitMessage(limits.fileTimeLimit, 'parsing') };
  const template = templateFor(doc);
  // The built-in templates write YAML; a folder writing TOML gets its own keys back in TOML.
  return {
    found: template ? { template, dialect: doc.dialect, frontMatter: frontMatterStyle(doc) } : null,
    timedOut: false,
  };
}
