// Claiming a number for a new record. The folder lock keeps our own runs apart, but a lock can be
// broken (a run that looked dead, another tool such as adr-tools writing without it), and a number
// is not a file name: two records with different slugs can share one. So the claim does not trust
// the scan it started from: the record is created exclusively, then the folder is read again, and
// if another record carries the same number, ours is removed and the claim starts over. Of two
// runs that collide, the later creator always sees the earlier record, so a duplicate never stays
// (at worst both step back and retry).
import { unlinkSync } from 'node:fs';
import path from 'node:path';
import { AdrError } from './errors.js';
import { scanFolder, type ExistingRecord, type NewName } from './naming.js';
import { createExclusive, makeDirs, removeEmptyDir } from './write.js';

export interface Draft {
  name: NewName;
  text: string;
}

export interface Claimed extends Draft {
  /** Absolute path of the created record. */
  file: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sameNumberElsewhere(dir: string, mine: NewName, numbersIn: string): string | undefined {
  if (mine.number === null) return undefined;
  const own = path.relative(numbersIn, path.join(dir, mine.file)).split(path.sep).join('/').toLowerCase();
  // Only names with the number's digits can carry it: the rest of the folder is not parsed again.
  return scanFolder(numbersIn, mine.number.toString()).find(
    (r) => r.number !== null && BigInt(r.number) === mine.number && r.file.toLowerCase() !== own,
  )?.file;
}

/**
 * Creates the next record in `dir`: `draft` names and renders it from the records there now (and
 * those of `numbersIn`, the folder tree whose numbers it must not repeat: `dir` itself, or the ADR
 * folder that holds it); it is called again (with a fresh scan) whenever the name or the number
 * turns out to be taken.
 */
export async function createNumbered(
  dir: string,
  draft: (existing: ExistingRecord[], numbered: ExistingRecord[]) => Promise<Draft> | Draft,
  attempts = 10,
  numbersIn = dir,
): Promise<Claimed> {
  let clash = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(Math.random() * 5 * attempt); // two runs that stepped back part ways
    const existing = scanFolder(dir);
    const d = await draft(existing, numbersIn === dir ? existing : scanFolder(numbersIn));
    const file = path.join(dir, d.name.file);
    // A record kept as a folder (`0007-x/index.md`): its folder first, removed again if the claim fails.
    const made = makeDirs(path.dirname(file));
    try {
      createExclusive(file, d.text);
    } catch (e) {
      if (made) removeEmptyDir(made);
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      clash = d.name.file;
      continue;
    }
    const other = sameNumberElsewhere(dir, d.name, numbersIn);
    if (other === undefined) return { ...d, file };
    unlinkSync(file);
    if (made) removeEmptyDir(made);
    clash = other;
  }
  throw new AdrError(`could not claim a number in ${dir}: other writers kept taking it (last: ${clash})`);
}
