// `distroless-validate adr`: argument parsing, output and exit codes.
import { appendFileSync, existsSync, lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { rename, unlink, writeFile } from './afs.js';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandIo } from '../io.js';
import { ConfigError, countSeverities, FixWriteError, LintProcessError, UsageError } from '../core/index.js';
import { formats, printable, printableLine, reporterFor, stepSummary } from '../reporters/index.js';
import { ignoredNote, plural } from '../reporters/types.js';
import { version } from '../version.js';
import { CONFIG_FILES } from './config.js';
import { DEFAULT_ADR_DIRS } from './folders.js';
import { initConfig, nothingToLearn } from './init.js';
import { lintAdrs } from './lint.js';
import { gitTopLevel, isInside, relativeTo } from './repo-root.js';
import { adrReport } from './report.js';
import type { AdrResult } from './types.js';

export const ADR_USAGE = `Usage: distroless-validate adr [paths or globs...] [options]

Lint Architecture Decision Records (Nygard/adr-tools, MADR 2/3/4, log4brains,
front matter, bold fields, tables). With no paths: the ADR folder that
.distroless-adr.json ("dir"), package.json ("distroless-adr"), .adr-dir or
.log4brains.yml names, else whichever exist of
${DEFAULT_ADR_DIRS.map((d) => `${d}/`).join(', ')};
from here up to the repository root, the nearest wins (as distroless-adr finds it).

Options:
  -f, --format <name>       stylish (default), json, sarif, github
  -c, --config <file>       .adrlintrc.json / .adrlintrc.yaml, or a package.json with "adrLint"
  --init                    learn the records' conventions and write .adrlintrc.yaml,
                            under which they pass as they are
  --force                   with --init: replace an existing config
  --max-warnings <n>        exit 1 when there are more than n warnings (-1: no limit)
  -q, --quiet               report errors only
  --fix                     repair fixable findings in place, and say what changed
  --fix-dry-run             show the repairs as a diff, write nothing
  -o, --output-file <file>  write the report to a file instead of stdout (not a
                            file being linted, nor a .md file in a linted folder)
  --processes <n|auto>      lint in n child processes (one V8 garbage-collector
                            thread each), or 0 for threads; default auto: one per
                            CPU (at most 4) for 100 files or more, else threads
  --color, --no-color       colour the stylish report even off a terminal, or never
                            (also NO_COLOR=1); by default on a terminal only
  -h, --help                show this help

Inline: <!-- adr-lint-disable rule-id --> ... <!-- adr-lint-enable rule-id -->,
        <!-- adr-lint-disable-next-line rule-id --> (no ids: every rule).
With --format github: at most 10 annotations per severity; the rest go to the
log and to $GITHUB_STEP_SUMMARY. With github and sarif, paths are relative to the
git repository root (outside one, to the current directory).

Exit codes: 0 no errors (and warnings within --max-warnings);
            1 errors, or too many warnings; 2 usage, config or I/O failure,
            or a lint process (--processes) that cannot start.
`;

/** The options the command accepts (the README's CLI section is tested against them). */
export const ADR_OPTIONS = {
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  'max-warnings': { type: 'string' },
  processes: { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  init: { type: 'boolean' },
  force: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'output-file': { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** What each option taking a value needs, for a usage message that names it. */
const NEEDS: Record<string, string> = {
  format: `a format name (${formats.join(', ')})`,
  config: 'a config file',
  'max-warnings': 'a whole number >= 0, or -1 for no limit',
  processes: "a whole number from 0 to 64, or 'auto'",
  'output-file': 'a file to write the report to',
};

/**
 * node:util parseArgs' error as a usage message naming the option and what it needs, in place of
 * its own text ("argument is ambiguous", "Did you forget ...").
 */
function argsError(e: Error & { code?: string }): string {
  const named = /Option '(?:-(\w), )?(--?[\w-]+)/.exec(e.message);
  const given = named?.[2] ?? '';
  const long = given.startsWith('--')
    ? given.slice(2)
    : Object.entries(ADR_OPTIONS).find(([, o]) => 'short' in o && `-${o.short}` === given)?.[0];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const opt = /Unknown option '([^']+)'/.exec(e.message)?.[1] ?? '';
    return `unknown option '${opt}' (a path starting with '-' goes after '--')`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && long && long in ADR_OPTIONS) {
    const opt = ADR_OPTIONS[long as keyof typeof ADR_OPTIONS];
    if (opt.type === 'boolean') return `--${long} takes no value`;
    return `--${long} needs ${NEEDS[long] ?? 'a value'}; give it as --${long} <value> or --${long}=<value>`;
  }
  return e.message.split('\n')[0]!;
}

/** `--max-warnings -1` as ESLint takes it: parseArgs reads a value starting with '-' as an option. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return [...out, ...argv.slice(i)];
    if (a === '--max-warnings' && /^-\d+$/.test(argv[i + 1] ?? '')) {
      out.push(`${a}=${argv[++i]}`);
      continue;
    }
    out.push(a);
  }
  return out;
}

/** Exit codes: findings are 1, never 2; 2 is a run that could not lint (the README's table is tested against these). */
export const ADR_EXIT = { ok: 0, errors: 1, failed: 2 } as const;

/**
 * The run's files as seen from the repository root (git's top level; outside a work tree, the
 * current directory), which is where GitHub resolves annotation and code-scanning paths.
 */
function fromRepoRoot(cwd: string): { rel: (file: string) => string; git: boolean } {
  const top = gitTopLevel(cwd);
  if (!top) return { rel: (f) => f, git: false };
  return { rel: (f) => relativeTo(top, cwd, f), git: true };
}

/**
 * Where a report written to `file` goes: a symbolic link is written through (as ESLint's
 * --output-file does), so the file it points to is replaced and the link stays.
 */
function writeTarget(file: string): string {
  let link = false;
  try {
    link = lstatSync(file).isSymbolicLink();
  } catch {
    return file;
  }
  if (!link) return file;
  try {
    return realpathSync(file);
  } catch (e) {
    throw new Error(`is a symbolic link to nothing (${(e as NodeJS.ErrnoException).code})`);
  }
}

const MARKDOWN = /\.(md|markdown)$/i;

function realOrSelf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

/**
 * Why the report must not go to `outputFile`, checked before anything is linted: it is a file
 * named on the command line, or a Markdown file in a folder being linted (an ADR there, or one the
 * next run would lint as an ADR). A typo in -o must not replace a record with a report.
 */
function outputClash(outputFile: string, positionals: string[], cwd: string): string | null {
  let target: string;
  try {
    target = writeTarget(outputFile);
  } catch {
    return null;
  }
  const real = path.join(realOrSelf(path.dirname(target)), path.basename(target));
  const out = statOrNull(real);
  const targets = positionals.length > 0 ? positionals : DEFAULT_ADR_DIRS;
  for (const t of targets) {
    const abs = path.resolve(cwd, t);
    const st = statOrNull(abs);
    if (!st) continue;
    if (st.isFile() && out && st.dev === out.dev && st.ino === out.ino) return `is ${t}, a file being linted`;
    if (st.isDirectory() && MARKDOWN.test(real) && isInside(real, realOrSelf(abs)))
      return `is a Markdown file in ${t}, a folder being linted; write the report outside it`;
  }
  return null;
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/** The same check once the run knows every file it linted (a glob's matches too). */
function outputLinted(outputFile: string, results: AdrResult[], cwd: string): string | null {
  let out: Stats | null;
  try {
    out = statOrNull(writeTarget(outputFile));
  } catch {
    return null;
  }
  if (!out) return null;
  for (const r of results) {
    const st = statOrNull(path.resolve(cwd, r.file));
    if (st && st.dev === out.dev && st.ino === out.ino) return `is ${r.file}, a file being linted`;
  }
  return null;
}

async function writeReport(to: string, text: string): Promise<void> {
  const file = writeTarget(to);
  // Atomic: a reader never sees half a report.
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** What --fix changed (or --fix-dry-run would change), per file. */
function fixSummary(results: AdrResult[], dryRun: boolean): string {
  const out: string[] = [];
  for (const r of results) {
    if (r.notFixed) out.push(printableLine(r.notFixed));
    if (!r.fixed || r.fixed.length === 0) continue;
    out.push(
      `${dryRun ? 'would fix' : 'fixed'} ${printableLine(r.file)}: ` +
        r.fixed.map((f) => `${f.ruleId} (line ${f.line})`).join(', '),
    );
    if (r.diff) out.push(printable(r.diff).trimEnd());
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

export async function runAdr(argv: string[], io: CommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const usage = (msg: string): number => {
    io.stderr(`distroless-validate adr: ${printable(msg)}\nRun 'distroless-validate adr --help' for usage.\n`);
    return ADR_EXIT.failed;
  };
  // A config error is about the file, not the command line: the fix is in the file, not --help.
  const configFailed = (e: ConfigError): number => {
    io.stderr(`distroless-validate adr: ${printable(e.message)}\n`);
    return ADR_EXIT.failed;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      strict: true,
      options: ADR_OPTIONS,
    });
  } catch (e) {
    return usage(argsError(e as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(ADR_USAGE);
    return ADR_EXIT.ok;
  }
  if (values.init) {
    // --init writes a config and lints nothing: a fix asked for with it would silently not happen.
    const fixing = values.fix ? '--fix' : values['fix-dry-run'] ? '--fix-dry-run' : null;
    if (fixing) return usage(`use either --init or ${fixing}; run ${fixing} once the config is written`);
    return runInit(positionals, io, values.force ?? false, usage, configFailed);
  }
  const format = values.format ?? 'stylish';
  const reporter = reporterFor(format);
  if (!reporter) return usage(`unknown format '${format}'; use one of ${formats.join(', ')}`);
  if (values.fix && values['fix-dry-run']) return usage('use either --fix or --fix-dry-run');
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    if (!/^(\d+|-1)$/.test(raw)) return usage(`--max-warnings needs ${NEEDS['max-warnings']}, got '${raw}'`);
    // -1: no limit, as in ESLint.
    if (raw !== '-1') maxWarnings = Number(raw);
  }
  // By default a run of 100 files or more is linted in child processes (ADR 0022).
  let processes: number | 'auto' = 'auto';
  if (values.processes !== undefined && values.processes !== 'auto') {
    const raw = values.processes;
    if (!/^\d+$/.test(raw) || Number(raw) > 64) return usage(`--processes needs ${NEEDS.processes}, got '${raw}'`);
    processes = Number(raw);
  }
  const outputFile = values['output-file'] ? path.resolve(io.cwd, values['output-file']) : null;
  if (outputFile && !existsSync(path.dirname(outputFile)))
    return usage(`--output-file: folder ${path.dirname(outputFile)} does not exist`);
  const clash = outputFile && outputClash(outputFile, positionals, io.cwd);
  if (clash) return usage(`--output-file ${values['output-file']} ${clash}; nothing was linted or written`);
  let results: AdrResult[];
  let ignored: string[] = [];
  try {
    results = await lintAdrs(positionals, {
      cwd: io.cwd,
      onIgnored: (files) => (ignored = files),
      ...(values.config ? { configFile: values.config } : {}),
      fix: values.fix ?? false,
      fixDryRun: values['fix-dry-run'] ?? false,
      processes,
    });
  } catch (e) {
    if (e instanceof ConfigError) return configFailed(e);
    if (e instanceof UsageError || e instanceof FixWriteError || e instanceof LintProcessError) return usage(e.message);
    return usage(`unexpected failure: ${(e as Error).stack ?? String(e)}`);
  }
  if (values.quiet)
    results = results.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 'error') }));
  const report = adrReport(results, { version, ignored });
  const { errors, warnings } = countSeverities(report.findings);
  const changes = fixSummary(results, values['fix-dry-run'] ?? false);
  if (format === 'github' || format === 'sarif') {
    const { rel, git } = fromRepoRoot(io.cwd);
    report.findings = report.findings.map((f) => ({ ...f, file: rel(f.file) }));
    report.srcRoot = git
      ? 'The top level of the git work tree the validator ran in'
      : 'The directory the validator ran in';
  }
  if (format === 'github') {
    const summaryFile = env.GITHUB_STEP_SUMMARY;
    if (summaryFile) {
      try {
        appendFileSync(summaryFile, stepSummary(report));
      } catch (e) {
        io.stderr(
          'distroless-validate adr: cannot write the job summary: ' +
            `${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
        );
      }
    }
  }
  report.color =
    !outputFile && format === 'stylish' && (values.color ?? io.isTTY === true) && !values['no-color'] && !env.NO_COLOR;
  const text = reporter(report);
  const linted = outputFile && outputLinted(outputFile, results, io.cwd);
  if (linted) return usage(`--output-file ${values['output-file']} ${linted}; the report was not written`);
  if (outputFile) {
    try {
      await writeReport(outputFile, text);
    } catch (e) {
      return usage(`cannot write ${outputFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else if (format === 'stylish') io.stdout(changes + text);
  else io.stdout(text);
  // What --fix changed goes to stderr when stdout carries a machine format (or nothing).
  if (changes && (format !== 'stylish' || outputFile)) io.stderr(changes);
  // The stylish summary names what a run that checked nothing ignored; beside another format, stderr does.
  const { checked } = report;
  if (checked.ignored && format !== 'stylish') {
    const note = ignoredNote(checked.ignored, checked.noun);
    io.stderr(`distroless-validate adr: ${plural(checked.count, checked.noun)} checked; ${note}\n`);
  }
  if (errors > 0) return ADR_EXIT.errors;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`distroless-validate adr: ${plural(warnings, 'warning')}, more than --max-warnings ${maxWarnings}\n`);
    return ADR_EXIT.errors;
  }
  return ADR_EXIT.ok;
}

async function runInit(
  paths: string[],
  io: CommandIo,
  force: boolean,
  usage: (m: string) => number,
  configFailed: (e: ConfigError) => number,
): Promise<number> {
  const existing = CONFIG_FILES.map((n) => path.join(io.cwd, n)).find((f) => existsSync(f));
  if (existing && !force)
    return usage(`${path.basename(existing)} exists; pass --force to replace it with a learned one`);
  let learned;
  try {
    learned = await initConfig(paths, { cwd: io.cwd });
  } catch (e) {
    if (e instanceof ConfigError) return configFailed(e);
    if (e instanceof UsageError) return usage(e.message);
    return usage(`unexpected failure: ${(e as Error).stack ?? String(e)}`);
  }
  const nothing = await nothingToLearn(learned, paths, io.cwd);
  if (nothing) return usage(nothing);
  const target = path.join(io.cwd, '.adrlintrc.yaml');
  try {
    await writeReport(target, learned.text);
    if (existing && existing !== target) await unlink(existing);
  } catch (e) {
    return usage(`cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const ev = learned.evidence;
  io.stdout(
    [
      `wrote .adrlintrc.yaml, learned from ${ev.records} records:`,
      `  statuses: ${
        ev.statuses
          .filter((s) => s.records > 0)
          .map((s) => `${s.status} (${s.records})`)
          .join(', ') || 'none in use'
      }`,
      ...ev.misspelt.map(
        (m) =>
          `  not learned as a status: ${m.status} (${m.records}), ` +
          `a misspelling of ${m.suggestion}? (status-valid kept)`,
      ),
      ...ev.sections.map(
        (s) =>
          `  ${s.profile} records (${s.records}) require: ${s.required.map((c) => c.concept).join(', ') || 'nothing'}`,
      ),
      `  file names: ${ev.fileNamePattern ? ev.fileNamePattern.name : 'no single convention'}`,
      ...(ev.numbering
        ? [`  numbering: folder (each folder its own series; ${ev.numbering.repeated} numbers repeat across folders)`]
        : []),
      ...(ev.ignored.length > 0
        ? [`  ignored (not ADRs): ${ev.ignored.map((i) => printableLine(i.file)).join(', ')}`]
        : []),
      ...ev.unread.map(
        (u) => `  not read, left out of what was learned: ${printableLine(u.file)}: ${printableLine(u.reason)}`,
      ),
      ...ev.notFollowed.map((n) => `  off: ${n.rule} (${n.records} of ${ev.records} records have ${n.what})`),
      ...(ev.overrides.length > 0
        ? [
            '  existing findings kept as warnings: ' +
              ev.overrides.map((o) => `${o.rule} (${o.files.length} files)`).join(', '),
          ]
        : []),
      '',
    ].join('\n'),
  );
  return ADR_EXIT.ok;
}
