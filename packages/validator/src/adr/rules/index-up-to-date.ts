import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ruleMeta } from '../../core/index.js';
import { INDEX_END, INDEX_START, indexFileIn, indexMarkers, indexRows, indexState } from '../adr-index.js';
import type { AdrSummary, ProjectRule } from './types.js';

/** The ADR folders with an index: the linted files' folders (and up to two above), whose README has the markers. */
function indexedFolders(files: readonly AdrSummary[]): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  for (const f of files) {
    for (let dir = f.dir, up = 0; up <= 2; up++, dir = path.dirname(dir)) {
      if (seen.has(dir)) break;
      seen.add(dir);
      // indexFileIn has looked for each spelling already: a missing README is the read's ENOENT.
      try {
        const text = readFileSync(path.join(dir, indexFileIn(dir)), 'utf8');
        // Either marker: an end left without its start is a broken index, said as such.
        if (text.includes(INDEX_START) || text.includes(INDEX_END)) out.add(dir);
      } catch {
        // no README, or an unreadable one: nothing to compare
      }
    }
  }
  return [...out].sort();
}

export const indexUpToDate: ProjectRule = {
  scope: 'project',
  meta: ruleMeta('adr', {
    id: 'index-up-to-date',
    severity: 'error',
    docs:
      "Where the ADR folder's README.md (any case: Readme.md) holds an index (a table between the markers " +
      '`<!-- adr-index:start -->` and `<!-- adr-index:end -->`), it lists every ADR with its current title, ' +
      'status, date and links, as `distroless-adr index` writes it ' +
      '(`npx @distroless-service/adr index` where that bin is not installed). A marker counts at the start of a ' +
      'line outside fenced code (an example of them is not the index); a start without an end, an end without a ' +
      'start or a second pair is an error of its own, which `index` refuses to write over.',
    fixable: false,
  }),
  check(files, { options, report }) {
    for (const dir of indexedFolders(files)) {
      const state = indexState(dir, {
        ignore: options.ignore,
        statuses: options.statuses,
        fileTimeLimit: options.fileTimeLimit,
        maxFileSize: options.maxFileSize,
      });
      if (state.fresh) continue;
      // The index command as a service (or any repository) can run it: the adr package's bin is not on PATH there.
      const run = `run 'npx @distroless-service/adr index'`;
      const first = [...files]
        .filter((f) => f.absPath.startsWith(dir + path.sep))
        .sort((a, b) => (a.file < b.file ? -1 : 1))[0];
      // The README as the run shows paths (relative to its working directory, like the files).
      const shown = (f: AdrSummary) =>
        path.posix.normalize(
          path.posix.join(path.posix.dirname(f.file), path.relative(f.dir, state.file).split(path.sep).join('/')),
        );
      if (state.problem) {
        if (first) report({ file: first.file, line: 1, message: `the index in ${shown(first)}: ${state.problem}` });
        continue;
      }
      // The markers only in an example (fenced, or in `code`): this README keeps no index.
      const markers = indexMarkers(state.current ?? '');
      if (markers === null) continue;
      const between = state.current!.slice(markers.start, markers.end);
      const startLine = state.current!.slice(0, markers.start).split('\n').length - 1;
      const currentLines = (state.current ?? '').split(/\r?\n/);
      /** The README line of a record's row (`:12`), or of the index's start marker, for the message. */
      const rowLine = (target: string): string => {
        const row = currentLines.findIndex((l) => {
          const m = /^\s*\|\s*\[[^\]]*\]\(([^)\s]+)\)/.exec(l);
          return m !== null && decodeURIComponent(m[1]!) === state.base + target;
        });
        const at = row >= 0 ? row : startLine;
        return `:${at + 1}`;
      };
      const now = indexRows(between, state.base);
      const want = indexRows(state.table, state.base);
      const linted = new Map(files.filter((f) => f.absPath.startsWith(dir + path.sep)).map((f) => [f.absPath, f]));
      let reported = false;
      for (const [target, row] of want) {
        if (now.get(target) === row) continue;
        const f = linted.get(path.join(dir, target));
        if (!f) continue;
        const message = now.has(target)
          ? `its row in the index in ${shown(f)}${rowLine(target)} is out of date; ${run}`
          : `missing from the index in ${shown(f)}${rowLine(target)}; ${run}`;
        // Line 1: the record as a whole, where a CI annotation can sit (line 0 printed as `:0:0`).
        report({ file: f.file, line: 1, message });
        reported = true;
      }
      if (reported) continue;
      // Only rows for records that are gone, or the table's frame, differ: name the first record.
      if (first)
        report({
          file: first.file,
          line: 1,
          message: `the index in ${shown(first)} lists ADRs that are not there; ${run}`,
        });
    }
  },
};
