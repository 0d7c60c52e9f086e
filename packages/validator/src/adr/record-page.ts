// A record kept as a folder of its own: `0001-use-postgres/index.md` (or README.md), the layout of
// docs sites that give each record a page and room for its images. The folder's name is the
// record's name: its number, and what unique-number and the index compare. Every other index.md
// and README.md (the ADR folder's own index page, a sub-folder's) is still not a record.
import path from 'node:path';
import { numberFromFileName } from './numbers.js';

const PAGE = /^(index|readme)\.(md|markdown)$/i;
const EXT = /\.(md|markdown|mdx|txt)$/i;

/**
 * Whether a folder name names a record: a number as the validator reads it from file names
 * (`0001-…`, `ADR-007-…`, not log4brains' dates) and a letter (`0001-use-postgres`, `ADR-007`), so
 * a folder of years or versions (`2024/`, `1.2/`) is not taken for a record.
 */
export function isRecordFolderName(name: string): boolean {
  return numberFromFileName(name) !== null && /[a-z]/i.test(name);
}

/**
 * For a record page (`…/<record folder>/index.md` or `README.md`, any case; `file` with either
 * separator), the record folder's name; else null. `file` must include the record folder: a
 * path relative to the folder being scanned that is only `index.md` is that folder's own index.
 */
export function recordPageFolder(file: string): string | null {
  const parts = file.split(/[\\/]/);
  if (parts.length < 2 || !PAGE.test(parts[parts.length - 1]!)) return null;
  const folder = parts[parts.length - 2]!;
  return isRecordFolderName(folder) ? folder : null;
}

/** A record's name without extension: its file name, or, for a record page, its folder's name. */
export function recordBaseName(file: string): string {
  return recordPageFolder(file) ?? path.basename(file).replace(EXT, '');
}

/** The file name a record goes by: its own, or, for a record page, its folder's with the page's extension. */
export function recordFileName(file: string): string {
  const folder = recordPageFolder(file);
  return folder === null ? path.basename(file) : `${folder}${path.extname(file).toLowerCase()}`;
}

/** The folder a record lies in as a record: its file's folder, or, for a record page, the one above. */
export function recordDir(abs: string): string {
  return recordPageFolder(abs) ? path.dirname(path.dirname(abs)) : path.dirname(abs);
}
