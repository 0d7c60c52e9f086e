// The dialect of the records already in a folder, read with the validator's parser, as the
// built-in template that writes it. Bundled on its own: `new` loads only this to follow a folder.
import path from 'node:path';
import {
  DEFAULT_FILE_TIME_LIMIT,
  DEFAULT_MAX_FILE_SIZE,
  parseAdrWithin,
  readAdrFileSync,
  unreadableReason,
  type AdrDocument,
} from '@distroless-service/validator';
import { frontMatterStyle, type FrontMatterStyle } from './front-matter.js';
import { newestFirst, type ExistingRecord } from './naming.js';

const MADR_FULL = ['decision drivers', 'pros and cons of the options', 'more information', 'confirmation'];
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

/**
 * The dialect of the newest records (highest number, else latest dated name), as a template. A
 * record the validator would not read (larger than maxFileSize, not a regular file, binary, too
 * slow to parse) is passed over for the next one. One with MADR's headings and no status (MADR
 * makes it optional) does not say how the folder writes a status: the next newest that does
 * decides, and it only where none of the three does. `new` does not load the validator's config
 * for this, so the bounds are its defaults unless given.
 */
export function detectTemplate(
  dir: string,
  existing: ExistingRecord[],
  limits: DetectLimits = { maxFileSize: DEFAULT_MAX_FILE_SIZE, fileTimeLimit: DEFAULT_FILE_TIME_LIMIT },
): { template: string; dialect: string; frontMatter: FrontMatterStyle | null } | null {
  let bare: { template: string; dialect: string; frontMatter: FrontMatterStyle | null } | null = null;
  for (const r of newestFirst(existing).slice(0, 3)) {
    // As the validator reads a file: one bounded read of a regular file, never more than maxFileSize.
    const read = readAdrFileSync(path.join(dir, r.file), limits.maxFileSize);
    if (read.problems.some((p) => p.fatal)) continue;
    // Within the validator's per-file time limit: a hostile record is passed over, not waited for.
    const doc = parseAdrWithin(read.text, r.file, r.file, { fileTimeLimit: limits.fileTimeLimit });
    if (unreadableReason(doc) !== null) continue;
    const template = templateFor(doc);
    if (!template) continue;
    // The built-in templates write YAML; a folder writing TOML gets its own keys back in TOML.
    const found = { template, dialect: doc.dialect, frontMatter: frontMatterStyle(doc) };
    if (doc.dialect !== 'madr-headings') return found;
    bare ??= found;
  }
  return bare;
}
