// `distroless-validate adr --init`: learn a repository's conventions from its records and write
// a config under which it passes as it is. Each learned entry carries a comment with its evidence
// (how many records use it), so a reviewer can see what was learned and from what.
import path from 'node:path';
import { parseDocument } from 'yaml';
import { conceptOf, PROFILES } from './concepts.js';
import { DEFAULT_IGNORE, resolveConfig } from './config.js';
import { displayPath, lookUpAdrFolders, namedAdrFolders, resolveFiles } from './files.js';
import { lintAdrs, looksLikeAdr } from './lint.js';
import { parseAdrWithin, unreadableReason } from './budget.js';
import { readAdrFile } from './read.js';
import { numberFromFileName, translationOf } from './numbers.js';
import { recordBaseName, recordDir, recordFileName } from './record-page.js';
import { bodyProfile } from './rules/required-sections.js';
import { adrRoot } from './rules/unique-number.js';
import { DEFAULT_STATUSES, suggestStatus } from './status.js';
import type { AdrLintConfig, RequiredConcept } from './types.js';

/** File-name conventions, most specific first; the first every record follows is learned. */
export const FILE_NAME_PATTERNS: ReadonlyArray<{ name: string; pattern: string }> = [
  { name: 'NNNN-title-with-dashes.md (adr-tools, MADR)', pattern: '^\\d{4}-[^\\s]+\\.md$' },
  { name: 'YYYYMMDD-title.md (log4brains)', pattern: '^\\d{8}-[^\\s]+\\.md$' },
  { name: 'ADR-NNN-title.md', pattern: '^ADR-\\d+-[^\\s]+\\.md$' },
  { name: 'number, then a title', pattern: '^\\d+[-_][^\\s]+\\.md$' },
  { name: 'adr or ADR, a number, then anything', pattern: '^(?:adr|ADR)[-_]?\\d+[^\\s]*\\.md$' },
];

export interface InitEvidence {
  records: number;
  statuses: Array<{ status: string; records: number }>;
  /** Status words not learned: within the linter's "did you mean" distance of a known or more used one. */
  misspelt: Array<{ status: string; records: number; suggestion: string }>;
  sections: Array<{ profile: string; records: number; required: Array<{ concept: RequiredConcept; records: number }> }>;
  fileNamePattern: { name: string; pattern: string; records: number } | null;
  /**
   * `numbering: folder`, learned when each folder numbers its own series: numbers repeat across
   * sub-folders of one ADR folder (`repeated` of them, e.g. `example`) but never within a folder.
   */
  numbering: { records: number; folders: number; repeated: number; example: string } | null;
  ignored: Array<{ file: string; reason: string }>;
  /**
   * Files left out of what was learned because they could not be read or parsed within the
   * per-file limits (maxFileSize, fileTimeLimit, shapes that defeat the parser), with why.
   */
  unread: Array<{ file: string; reason: string }>;
  overrides: Array<{ rule: string; files: string[]; example: string }>;
  /**
   * Checks switched off because most records do not follow them (JabRef's MADR records keep no
   * status or date): warning on nearly every record is noise, not a finding the team would fix.
   */
  notFollowed: Array<{ rule: string; what: string; records: number }>;
  otherHeadings: Array<{ heading: string; records: number }>;
}

export interface InitResult {
  config: AdrLintConfig;
  /** The config as written: YAML with a comment per learned entry. */
  text: string;
  evidence: InitEvidence;
}

/**
 * Warning rules for conventions a repository may simply not keep (MADR 4 makes status and date
 * optional): switched off when more than half the records do without, with what they lack.
 */
const NOT_FOLLOWED: Record<string, string> = {
  'status-present': 'no status',
  'date-present': 'no date',
  'date-format': 'a date that is not YYYY-MM-DD',
};

const q = (s: string) => JSON.stringify(s);
const count = (n: number, what = 'record') => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * Why `--init` writes nothing when it learned from no records (an empty folder, only files that
 * are not ADRs or not read), or null. A config of defaults would claim conventions nobody has
 * followed yet, and the linter applies the defaults without one.
 */
export async function nothingToLearn(result: InitResult, paths: string[], cwd: string): Promise<string | null> {
  const ev = result.evidence;
  if (ev.records > 0) return null;
  const dirs = paths.length > 0 ? [] : ((await lookUpAdrFolders(cwd))?.dirs ?? []);
  const where = (
    paths.length > 0 ? paths : dirs.map((d) => path.relative(cwd, d).split(path.sep).join('/') || '.')
  ).join(', ');
  const skipped = ev.ignored.length + ev.unread.length;
  return (
    `nothing to learn from: no ADRs in ${where}` +
    (skipped > 0 ? ` (${count(skipped, 'file')} there: not ADRs, or not read)` : '') +
    '; nothing written. Write the first record (e.g. distroless-adr new "Title"), then run --init again; ' +
    'until then the linter applies its defaults'
  );
}

/** Learns the config for the ADRs at `paths` (default: the usual ADR folders) under `cwd`. */
export async function initConfig(
  paths: string[],
  options: { cwd?: string; fileTimeLimit?: number } = {},
): Promise<InitResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const defaults = resolveConfig(options.fileTimeLimit === undefined ? {} : { fileTimeLimit: options.fileTimeLimit });
  const { files, scanned } = await resolveFiles(paths, cwd, DEFAULT_IGNORE);
  const statusCount = new Map<string, number>();
  const groups = new Map<string, { records: number; concepts: Map<RequiredConcept, number> }>();
  const other = new Map<string, number>();
  const names: string[] = [];
  const numbered: Array<{ dir: string; number: string; record: string; file: string }> = [];
  const ignored: InitEvidence['ignored'] = [];
  const unread: InitEvidence['unread'] = [];
  let records = 0;
  for (const abs of files) {
    const file = displayPath(abs, cwd);
    const read = await readAdrFile(abs, defaults.maxFileSize);
    const readFailure = read.problems.find((p) => p.fatal);
    if (readFailure) {
      unread.push({ file, reason: readFailure.message });
      continue;
    }
    // The lint path's per-file time limit: one hostile file cannot stall --init.
    const doc = parseAdrWithin(read.text, file, abs, { fileTimeLimit: defaults.fileTimeLimit });
    const why = unreadableReason(doc);
    if (why !== null) {
      unread.push({ file, reason: why });
      continue;
    }
    if (scanned.has(abs) && !looksLikeAdr(doc)) {
      ignored.push({
        file: displayPath(abs, cwd),
        reason: 'not an ADR: no number in its name, no status, date or decision sections',
      });
      continue;
    }
    records++;
    names.push(recordFileName(abs));
    const base = recordBaseName(abs);
    const number = numberFromFileName(base);
    if (number !== null)
      numbered.push({ dir: recordDir(abs), number: BigInt(number).toString(), record: translationOf(base), file });
    const s = doc.status?.read;
    if (s && !s.placeholder && s.normalized) statusCount.set(s.normalized, (statusCount.get(s.normalized) ?? 0) + 1);
    const profile = bodyProfile(doc);
    const g = groups.get(profile) ?? { records: 0, concepts: new Map() };
    g.records++;
    const present = new Set([
      ...doc.sections.map((x) => x.concept),
      ...doc.plainHeadings.map((p) => conceptOf(p.text)),
    ]);
    for (const c of present)
      if (c === 'context' || c === 'decision' || c === 'consequences' || c === 'options')
        g.concepts.set(c, (g.concepts.get(c) ?? 0) + 1);
    groups.set(profile, g);
    for (const x of doc.sections)
      if (x.concept === 'other' && x.depth <= 2) other.set(x.text, (other.get(x.text) ?? 0) + 1);
  }

  const config: AdrLintConfig = {};
  const evidence: InitEvidence = {
    records,
    statuses: [],
    misspelt: [],
    sections: [],
    fileNamePattern: null,
    numbering: null,
    ignored,
    unread,
    overrides: [],
    notFollowed: [],
    otherHeadings: [],
  };
  // Statuses: every word in use, then the defaults nobody uses yet. A word the linter would call a
  // misspelling (of a default, or of a word more records use) is not learned: its records keep the
  // finding, as a warning in the overrides below, so the typo is not made vocabulary.
  const used = [...statusCount.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [status, n] of used) {
    if (DEFAULT_STATUSES.includes(status)) continue;
    const known = [...DEFAULT_STATUSES, ...used.filter(([s, m]) => m > n && s !== status).map(([s]) => s)];
    const suggestion = suggestStatus(status, known);
    if (suggestion) evidence.misspelt.push({ status, records: n, suggestion });
  }
  const typo = new Set(evidence.misspelt.map((m) => m.status));
  evidence.statuses = used.filter(([s]) => !typo.has(s)).map(([status, n]) => ({ status, records: n }));
  for (const d of DEFAULT_STATUSES) if (!statusCount.has(d)) evidence.statuses.push({ status: d, records: 0 });
  config.statuses = evidence.statuses.map((s) => s.status);
  // Required sections: per body profile, the profile's concepts every record of it has.
  const required: NonNullable<AdrLintConfig['requiredSections']> = {};
  for (const [profile, g] of [...groups.entries()].sort()) {
    const req = PROFILES[profile]!.map((c) => ({ concept: c, records: g.concepts.get(c) ?? 0 })).filter(
      (c) => c.records === g.records,
    );
    evidence.sections.push({ profile, records: g.records, required: req });
    (required as Record<string, RequiredConcept[]>)[profile] = req.map((c) => c.concept);
  }
  config.requiredSections = required;
  // File names: the first convention every record follows.
  for (const p of FILE_NAME_PATTERNS) {
    const re = new RegExp(p.pattern);
    if (names.length > 0 && names.every((n) => re.test(n))) {
      evidence.fileNamePattern = { ...p, records: names.length };
      config.fileNamePattern = p.pattern;
      break;
    }
  }
  evidence.numbering = learnNumbering(numbered, await namedAdrFolders(cwd));
  if (evidence.numbering) config.numbering = 'folder';
  if (ignored.length > 0) config.ignore = ignored.map((i) => i.file);
  evidence.otherHeadings = [...other.entries()]
    .filter(([, n]) => n >= Math.max(2, records / 2))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([heading, n]) => ({ heading, records: n }));

  // What still fails under the learned conventions is a finding the records have today: kept
  // as a warning per rule and file, so the repository passes now and the list can shrink.
  // The same time limit as above (it is not written into the learned config).
  const limit = options.fileTimeLimit === undefined ? {} : { fileTimeLimit: options.fileTimeLimit };
  const results = await lintAdrs(paths, { cwd, config: { ...config, ...limit }, workers: 0 });
  const byRule = new Map<string, { files: Set<string>; example: string }>();
  const warned = new Map<string, Set<string>>();
  for (const r of results)
    for (const m of r.messages) {
      if (m.severity === 'warning' && m.ruleId in NOT_FOLLOWED)
        warned.set(m.ruleId, (warned.get(m.ruleId) ?? new Set()).add(r.file));
      if (m.severity !== 'error') continue;
      const e = byRule.get(m.ruleId) ?? { files: new Set(), example: `${r.file}: ${m.message}` };
      e.files.add(r.file);
      byRule.set(m.ruleId, e);
    }
  for (const [rule, e] of [...byRule.entries()].sort())
    evidence.overrides.push({ rule, files: [...e.files].sort(), example: e.example });
  for (const [rule, what] of Object.entries(NOT_FOLLOWED)) {
    const n = warned.get(rule)?.size ?? 0;
    if (n * 2 <= records) continue;
    evidence.notFollowed.push({ rule, what, records: n });
    (config.rules ??= {})[rule] = 'off';
  }
  if (evidence.overrides.length > 0)
    config.overrides = evidence.overrides.map((o) => ({ files: o.files, rules: { [o.rule]: 'warn' } }));
  const text = render(config, evidence);
  // What is written must load: checked with the config's own schema before anything is written.
  resolveConfig(parseDocument(text).toJS() as AdrLintConfig, '.adrlintrc.yaml');
  return { config, text, evidence };
}

/**
 * Whether the records number a series per folder: within one ADR folder tree, records sit in more
 * than one folder, some number is used in two folders, and no folder uses a number twice. Anything
 * else keeps the default (`tree`): a repeat within a folder is a real duplicate.
 */
function learnNumbering(
  records: Array<{ dir: string; number: string; record: string; file: string }>,
  named: readonly string[],
): InitEvidence['numbering'] {
  // Per folder, number → the record using it: a translation (`0001-x.de.md` beside `0001-x.md`,
  // unique-number's test) is that record again, not a repeat.
  const byFolder = new Map<string, Map<string, string>>();
  const firstIn = new Map<string, { dir: string; file: string }>(); // tree + number → first record
  const repeated = new Set<string>(); // numbers used in more than one folder, once each
  let example = '';
  for (const r of records) {
    const numbers = byFolder.get(r.dir) ?? new Map<string, string>();
    const owner = numbers.get(r.number);
    if (owner !== undefined && owner !== r.record) return null;
    numbers.set(r.number, r.record);
    byFolder.set(r.dir, numbers);
    const key = `${adrRoot(r.dir, named)}\0${r.number}`;
    const first = firstIn.get(key);
    if (!first) firstIn.set(key, r);
    else if (first.dir !== r.dir) {
      if (repeated.size === 0) example = `${first.file} and ${r.file}`;
      repeated.add(key);
    }
  }
  return repeated.size > 0
    ? { records: records.length, folders: byFolder.size, repeated: repeated.size, example }
    : null;
}

function render(config: AdrLintConfig, ev: InitEvidence): string {
  const out: string[] = [
    `# ADR lint configuration, learned by \`distroless-validate adr --init\` from ${count(ev.records)}.`,
    '# Each entry says how many records it was learned from. Under it the repository passes as it is;',
    '# the conventions it lists are now enforced as errors for new records. Edit freely.',
    '',
    '# Status words in use (an unknown status is an error once this list exists).',
    'statuses:',
    ...ev.statuses.map((s) => `  - ${q(s.status)} # ${s.records > 0 ? count(s.records) : 'a default, not used yet'}`),
    ...ev.misspelt.map(
      (m) =>
        `  # not learned: ${q(m.status)} (${count(m.records)}), a misspelling of ${q(m.suggestion)}? ` +
        'Fix those records (--fix does); their status-valid finding is kept below.',
    ),
    '',
    '# Required sections per body profile: madr (Context and Problem Statement / Considered Options /',
    '# Decision Outcome), nygard (Context / Decision / Consequences), minimal (anything else).',
    '# A section is required when every record of its profile has it.',
    'requiredSections:',
  ];
  for (const s of ev.sections) {
    out.push(`  # ${count(s.records)} with a ${s.profile} body`);
    out.push(`  ${s.profile}:${s.required.length === 0 ? ' []' : ''}`);
    for (const c of s.required) out.push(`    - ${c.concept} # in ${c.records} of ${s.records}`);
  }
  // Never a bare `requiredSections:` (YAML null), which the config schema rejects.
  if (ev.sections.length === 0) out[out.length - 1] = 'requiredSections: {}';
  if (ev.otherHeadings.length > 0) {
    out.push(
      '',
      '# Other headings most records use (not required; name them in sectionAliases if they stand for a',
      '# required section, e.g. sectionAliases: { decision: ["Resolution"] }):',
    );
    for (const h of ev.otherHeadings) out.push(`#   ${q(h.heading)}: ${count(h.records)}`);
  }
  if (ev.fileNamePattern)
    out.push(
      '',
      `# File names: ${ev.fileNamePattern.name}, followed by all ${count(ev.fileNamePattern.records)}.`,
      `fileNamePattern: ${q(ev.fileNamePattern.pattern)}`,
    );
  else out.push('', '# File names: the records follow no single convention, so none is enforced.');
  if (ev.numbering)
    out.push(
      '',
      `# Numbers: each folder numbers its own series. ${count(ev.numbering.repeated, 'number')} used in ` +
        `more than one of the ${ev.numbering.folders} folders of ${count(ev.numbering.records)}`,
      `# (e.g. ${ev.numbering.example.replace(/\s+/g, ' ').slice(0, 160)}), none within a folder.`,
      'numbering: folder',
    );
  if (config.ignore) {
    out.push('', '# Markdown files in the ADR folder that are not ADRs.', 'ignore:');
    for (const i of ev.ignored) out.push(`  - ${q(i.file)} # ${i.reason}`);
  }
  if (ev.unread.length > 0) {
    out.push('', '# Files not read, so left out of what was learned (lint reports each as file-readable):');
    for (const u of ev.unread) out.push(`#   ${q(u.file)}: ${u.reason.replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  if (ev.notFollowed.length > 0) {
    out.push(
      '',
      '# Checks most records do not follow, switched off (delete a line to check new records again).',
      'rules:',
    );
    for (const n of ev.notFollowed) out.push(`  ${n.rule}: off # ${n.records} of ${count(ev.records)} have ${n.what}`);
  }
  if (ev.overrides.length > 0) {
    out.push(
      '',
      '# Findings the records have today, kept as warnings so the repository passes as it is.',
      '# Fix them, then delete the entry.',
      'overrides:',
    );
    for (const o of ev.overrides) {
      out.push(`  # ${o.rule}: ${count(o.files.length, 'file')}, e.g. ${o.example.replace(/\s+/g, ' ').slice(0, 160)}`);
      out.push(`  - files: [${o.files.map(q).join(', ')}]`, `    rules: { ${o.rule}: warn }`);
    }
  }
  return `${out.join('\n')}\n`;
}
