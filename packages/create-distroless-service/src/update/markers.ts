// Conflict markers an earlier update left in a service's files and nobody resolved. A service that
// holds them is not current (--check says so), and a new merge over them would nest markers in
// markers (update refuses without --force).
import fs from 'node:fs';
import path from 'node:path';
import type { Answers } from '../answers.js';
import { fillPath, layersOf, listFiles, outputPath, variantOf, type TemplateSet } from '../templates.js';
import { FileReadError, readFileBounded } from '../write.js';

/**
 * One unresolved conflict: the file (relative, `/`-separated) and the line of its `<<<<<<<` marker
 * (1-based), or line 0 for a `<path>.template-new` an update left beside a file (one the team
 * deleted, a binary one both changed).
 */
export interface ConflictMarker {
  path: string;
  line: number;
}

/** The name update gives the template's version it could not place (merge.ts's ASIDE_SUFFIX). */
const ASIDE_SUFFIX = '.template-new';

// The marker lines `git merge-file` (and the node-diff3 fallback) write: seven characters, then a
// label or nothing. `=======` alone is also a Markdown heading's underline, so only a whole
// <<<<<<< … ======= … >>>>>>> sequence counts.
const START = /^<{7}(?: |$)/;
const MIDDLE = /^={7}$/;
const END = /^>{7}(?: |$)/;

// A Markdown code fence (CommonMark): up to three spaces, then three or more backticks or tildes.
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// The labels update itself writes: a block inside a fence counts only with these.
const OWN_START = /^<{7} yours$/;
const OWN_END = /^>{7} template /;

/**
 * The 1-based lines at which each complete conflict in text starts. In Markdown (`markdown`), a
 * block inside a fenced code block is an example (a diff in an ADR), not a conflict, unless it has
 * the labels update writes (`<<<<<<< yours` … `>>>>>>> template …`).
 */
export function conflictStarts(text: string, { markdown = false } = {}): number[] {
  const starts: number[] = [];
  let open = 0;
  let middle = false;
  let own = false;
  let fence = '';
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (markdown && !open) {
      const marks = FENCE.exec(line)?.[1];
      if (marks && !fence && !(marks[0] === '`' && line.slice(line.indexOf(marks) + marks.length).includes('`'))) {
        fence = marks;
        return;
      }
      // Closed by a run of the same character at least as long, with nothing after it.
      if (marks && fence && marks[0] === fence[0] && marks.length >= fence.length && line.trim() === marks) {
        fence = '';
        return;
      }
    }
    if (START.test(line)) {
      open = i + 1;
      middle = false;
      own = OWN_START.test(line);
    } else if (open && MIDDLE.test(line)) {
      middle = true;
    } else if (open && middle && END.test(line)) {
      if (!fence || (own && OWN_END.test(line))) starts.push(open);
      open = 0;
      middle = false;
    }
  });
  return starts;
}

const isMarkdown = (file: string) => /\.(md|markdown)$/i.test(file);

/**
 * The files a template renders for these answers, without rendering: its file names with their
 * `{{variable}}` parts filled. Only these can hold markers an update wrote; the service's own files
 * are never read.
 */
export function templatePaths(templates: TemplateSet, answers: Answers): string[] {
  const paths = new Set<string>();
  for (const layer of layersOf(variantOf(answers))) {
    for (const file of listFiles(path.join(templates.root, layer))) {
      if (file.startsWith(`_partials${path.sep}`)) continue;
      try {
        paths.add(fillPath(outputPath(file), answers as unknown as Record<string, unknown>));
      } catch {
        // A name from a value other than an answer: not a file this check can place.
      }
    }
  }
  return [...paths];
}

/** A file an update merges is read with this bound too (update.ts). */
const MAX_BYTES = 16 * 1024 * 1024;

/** Every unresolved conflict in the service's files at these paths, in path order. */
export function findConflictMarkers(dir: string, paths: Iterable<string>): ConflictMarker[] {
  const found: ConflictMarker[] = [];
  for (const file of [...new Set(paths)].sort()) {
    const full = path.join(dir, file);
    try {
      if (fs.lstatSync(full + ASIDE_SUFFIX).isFile()) found.push({ path: file + ASIDE_SUFFIX, line: 0 });
    } catch {
      // None left: the usual case.
    }
    let data: Buffer;
    try {
      if (!fs.lstatSync(full).isFile()) continue;
      // As update reads a file it merges: not through a link, never blocking, bounded.
      data = readFileBounded(full, MAX_BYTES, { noFollow: true });
    } catch (error) {
      // Absent, or not readable: the update itself reports what it cannot read.
      if (error instanceof FileReadError || (error as NodeJS.ErrnoException).code) continue;
      throw error;
    }
    // Binary files get no markers: their conflicts are left beside, found above.
    if (data.includes(0)) continue;
    for (const line of conflictStarts(data.toString('utf8'), { markdown: isMarkdown(file) })) {
      found.push({ path: file, line });
    }
  }
  return found;
}

/** `deploy/chart/values.yaml:7, README.md:3`, for one-line messages. */
export function formatMarkers(markers: ConflictMarker[]): string {
  return markers.map(formatMarker).join(', ');
}

/** `path:line`, or the path alone for a file left beside (line 0). */
export function formatMarker(marker: ConflictMarker): string {
  return marker.line > 0 ? `${marker.path}:${marker.line}` : marker.path;
}

/** What the markers are, for messages: conflict markers, or also files left beside. */
export function describeMarkers(markers: ConflictMarker[]): string {
  return markers.every((m) => m.line > 0) ? 'unresolved conflict markers' : 'unresolved conflicts';
}
