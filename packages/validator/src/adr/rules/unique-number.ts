import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ruleMeta } from '../../core/index.js';
import { ignoreMatcher } from '../ignore.js';
import { numberFromFileName, translationOf } from '../numbers.js';
import { isRecordFolderName, recordBaseName, recordDir, recordPageFolder } from '../record-page.js';
import type { AdrSummary, ProjectRule } from './types.js';

/** Folder names that hold a project's ADRs; records in their sub-folders (archive/, superseded/) share numbers. */
const ADR_FOLDER = /^(adrs?|decisions|decision-records|architecture-decisions|architecture-decision-records)$/i;

/**
 * The ADR folder a record belongs to: the innermost of `named` (the folders `.adr-dir` or
 * distroless-adr's config name) that holds it, else the nearest ancestor named like one, else its
 * own folder.
 */
export function adrRoot(dir: string, named: readonly string[] = []): string {
  let inNamed: string | null = null;
  for (const n of named)
    if ((dir === n || dir.startsWith(n + path.sep)) && (inNamed === null || n.length > inNamed.length)) inNamed = n;
  if (inNamed !== null) return inNamed;
  for (let d = dir, up = 0; up < 4; up++) {
    if (ADR_FOLDER.test(path.basename(d))) return d;
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return dir;
}

/** At most this many other records are named in one message; the rest are counted. */
const NAMED = 5;

/** A record page's file name (`index.md`, `README.md`): its number is its folder's. */
const PAGE_NAME = /^(index|readme)\.(md|markdown)$/i;

/**
 * Numbered Markdown files of an ADR folder, links not followed: a folder named like one a few
 * levels deep (its archive/ and superseded/ share its numbers), any other folder only itself, so a
 * record in a folder such as /tmp or docs/ is not compared with every numbered file beneath it.
 * Ignored files are listed too: the caller leaves out those that matter (see check).
 * Only names holding one of `numbers` (written without leading zeros) are looked at: a record's
 * number is part of its name, so no other can share one. A pre-commit hook's one-file check in a
 * folder of 200 records read all 200 names as records (about 6 ms on Node 22, issue 15).
 */
export function numberedOnDisk(
  root: string,
  tree: boolean,
  named: readonly string[],
  numbers: ReadonlySet<string>,
): Array<{ abs: string; base: string; number: string }> {
  const holdsOne = (name: string): boolean => {
    for (const n of numbers) if (name.includes(n)) return true;
    return false;
  };
  const out: Array<{ abs: string; base: string; number: string }> = [];
  const maxDepth = tree && (ADR_FOLDER.test(path.basename(root)) || named.includes(root)) ? 3 : 0;
  // Concatenated, not path.join: the names come from readdir under a normal root, and normalising
  // each path character by character made V8 optimise Node's path functions in a one-file check
  // (issue 15). The root ends with a separator only when it is the file system's root.
  const sub = (dir: string, name: string): string => (dir.endsWith(path.sep) ? dir + name : dir + path.sep + name);
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.')) {
        if (depth < maxDepth) walk(sub(dir, e.name), depth + 1);
        // A record kept as a folder (`0001-x/index.md`) is a record of this folder: its page is read.
        else if (depth === maxDepth && holdsOne(e.name) && isRecordFolderName(e.name)) pages(sub(dir, e.name));
      } else if (e.isFile() && /\.(md|markdown)$/i.test(e.name) && (holdsOne(e.name) || PAGE_NAME.test(e.name)))
        add(sub(dir, e.name));
    }
  };
  const add = (abs: string): void => {
    const base = recordBaseName(abs);
    const number = numberFromFileName(base);
    if (number !== null) out.push({ abs, base, number });
  };
  const pages = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) if (recordPageFolder(sub(dir, n)) !== null) add(sub(dir, n));
  };
  walk(root, 0);
  return out;
}

export const uniqueNumber: ProjectRule = {
  scope: 'project',
  meta: ruleMeta('adr', {
    id: 'unique-number',
    severity: 'error',
    docs:
      'No two ADRs of one ADR folder share a number: a folder named like one (adr, adrs, decisions, ...) with its ' +
      'sub-folders such as archive/, any other folder alone; with numbering: folder in the config, each folder ' +
      'alone (a series per area). Records on disk that a run did not lint (pre-commit passes only the changed ' +
      'ones) are compared too. A translation named with a language suffix (`0001-foo.de.md`, `0001-foo.pt-BR.md`, ' +
      '`0001-foo.zh-Hans.md` beside `0001-foo.md`, the mkdocs-static-i18n layout) is the same record, not a second ' +
      'use of its number; the suffix must be a language tag with an ISO 639-1 language, so `0003-next.js.md` is ' +
      'a record of its own.',
    fixable: false,
  }),
  check(files, { options: config, report }) {
    type Entry = { abs: string; base: string; number: string; linted: AdrSummary | null };
    const byKey = new Map<string, Entry[]>();
    const keyOf = (root: string, number: string): string => `${root}\0${BigInt(number)}`;
    const put = (root: string, e: Entry): void => {
      const key = keyOf(root, e.number);
      const list = byKey.get(key) ?? [];
      if (!list.some((x) => x.abs === e.abs)) list.push(e);
      byKey.set(key, list);
    };
    // `numbering: folder`: each folder numbers its own series, so only records of one folder compare.
    const tree = config.numbering !== 'folder';
    const roots = new Set<string>();
    /** Per root, the linted records' numbers without leading zeros (BigInt's text: `0007` is `7`). */
    const numbersIn = new Map<string, Set<string>>();
    for (const f of files) {
      if (f.number === null) continue;
      // A record page (`0001-x/index.md`) belongs to the folder that holds its record folder.
      const dir = recordDir(f.absPath);
      const root = tree ? adrRoot(dir, config.adrFolders) : dir;
      roots.add(root);
      numbersIn.set(root, (numbersIn.get(root) ?? new Set()).add(BigInt(f.number).toString()));
      put(root, { abs: f.absPath, base: f.baseName, number: f.number, linted: f });
    }
    const linted = new Set(files.map((f) => f.absPath));
    // A record on disk counts only where it shares a number with a linted one: only those are
    // matched against the ignore globs, compiled on first use (most runs, a pre-commit hook's
    // one-file check among them, meet no shared number and compile none).
    let isIgnored: ((rel: string) => boolean) | undefined;
    for (const root of roots)
      for (const d of numberedOnDisk(root, tree, config.adrFolders, numbersIn.get(root)!)) {
        if (linted.has(d.abs) || !byKey.has(keyOf(root, d.number))) continue;
        isIgnored ??= ignoreMatcher(config.ignore, { dot: true });
        if (isIgnored(path.relative(root, d.abs).split(path.sep).join('/'))) continue;
        put(root, { ...d, linted: null });
      }
    // A translation (`0001-foo.de.md` beside `0001-foo.md`) is the same record, not a second one.
    const record = (e: Entry): string => `${recordDir(e.abs)}\0${translationOf(e.base)}`;
    for (const list of byKey.values()) {
      if (list.length < 2) continue;
      for (const e of list) {
        if (!e.linted) continue;
        const others = list.filter((o) => record(o) !== record(e)).map((o) => o.base);
        if (others.length === 0) continue;
        const named = others.slice(0, NAMED).join(', ');
        const more = others.length > NAMED ? ` and ${others.length - NAMED} more` : '';
        report({
          file: e.linted.file,
          line: 1,
          column: 1,
          message: `ADR number ${e.number} is also used by ${named}${more}`,
        });
      }
    }
  },
};
