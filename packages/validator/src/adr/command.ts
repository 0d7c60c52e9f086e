// `distroless-validate adr`: argument parsing, output and exit codes.
import { parseArgs } from 'node:util';
import type { CommandIo } from '../io.js';
import { ConfigError, countSeverities, FixWriteError, UsageError } from '../core/index.js';
import { formats, reporterFor } from '../reporters/index.js';
import { version } from '../version.js';
import { DEFAULT_ADR_DIRS } from './folders.js';
import { lintAdrs } from './lint.js';
import { adrReport } from './report.js';

export const ADR_USAGE = `Usage: distroless-validate adr [paths or globs...] [options]

Lint Architecture Decision Records (Nygard/adr-tools, MADR 2/3/4, log4brains,
front matter, bold fields, tables). With no paths: whichever exist of
${DEFAULT_ADR_DIRS.map((d) => `${d}/`).join(', ')}.

Options:
  --format <name>       stylish (default), json, sarif, github
  --config <file>       .adrlintrc.json-style file, or a package.json with "adrLint"
  --max-warnings <n>    exit 1 when there are more than n warnings
  --fix                 repair fixable findings in place
  -h, --help            show this help

Exit codes: 0 no errors (and warnings within --max-warnings);
            1 errors, or too many warnings; 2 usage, config or I/O failure.
`;

export async function runAdr(argv: string[], io: CommandIo): Promise<number> {
  const usage = (msg: string): number => {
    io.stderr(`distroless-validate adr: ${msg}\nRun 'distroless-validate adr --help' for usage.\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        'max-warnings': { type: 'string' },
        fix: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usage((e as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(ADR_USAGE);
    return 0;
  }
  const format = values.format ?? 'stylish';
  const reporter = reporterFor(format);
  if (!reporter) return usage(`unknown format '${format}'; use one of ${formats.join(', ')}`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    if (!/^\d+$/.test(raw)) return usage(`--max-warnings needs a whole number >= 0, got '${raw}'`);
    maxWarnings = Number(raw);
  }
  let results;
  try {
    results = await lintAdrs(positionals, {
      cwd: io.cwd,
      ...(values.config ? { configFile: values.config } : {}),
      fix: values.fix ?? false,
    });
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof FixWriteError) return usage(e.message);
    return usage(`unexpected failure: ${(e as Error).stack ?? String(e)}`);
  }
  const report = adrReport(results, { version });
  io.stdout(reporter(report));
  const { errors, warnings } = countSeverities(report.findings);
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`distroless-validate adr: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
