import { countSeverities } from '../core/index.js';
import { ignoredNote, plural, printable, printableLine, type Reporter } from './types.js';

const paint = (on: boolean) => (code: string, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

function location(f: { file: string; line: number; column: number }): string {
  // A finding about the whole file reads `file:0:0`, as in ESLint, so every row has the same shape.
  if (f.line <= 0) return `${f.file}:0:0`;
  return f.column > 0 ? `${f.file}:${f.line}:${f.column}` : `${f.file}:${f.line}`;
}

/**
 * `file:line:col  severity  message  rule-id`, grouped by file, then a summary. Further lines
 * of a message (a tool's output) follow its row, marked with a bar; file names are one line, always.
 */
export const stylish: Reporter = (report) => {
  const c = paint(report.color === true);
  const out: string[] = [];
  const byFile = new Map<string, (typeof report.findings)[number][]>();
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    out.push(c('4', printableLine(file)));
    const rows = findings.map((f) => {
      const [first = '', ...rest] = printable(f.message.replace(/\r?\n/g, '\n')).split('\n');
      return { loc: printableLine(location(f)), severity: f.severity, first, rest, ruleId: f.ruleId };
    });
    const w0 = Math.max(...rows.map((x) => x.loc.length));
    const w2 = Math.max(...rows.map((x) => x.first.length));
    for (const r of rows) {
      const sev = c(r.severity === 'error' ? '31' : '33', r.severity.padEnd(7));
      out.push(`  ${c('2', r.loc.padEnd(w0))}  ${sev}  ${r.first.padEnd(w2)}  ${c('2', r.ruleId)}`);
      for (const line of r.rest) out.push(`    │ ${line}`);
    }
    out.push('');
  }
  const { errors, warnings } = countSeverities(report.findings);
  const total = errors + warnings;
  const { ignored, noun } = report.checked;
  const checked = plural(report.checked.count, noun);
  if (total === 0) {
    // A run that checked nothing says what it left out, so '0 ADRs checked' is not a riddle.
    const aside = ignored?.length ? `; ${ignoredNote(ignored, noun)}` : '';
    out.push(c('32', `✔ ${checked} checked, no problems${aside}`));
  } else {
    out.push(
      c(
        errors > 0 ? '31;1' : '33;1',
        `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${checked}`,
      ),
    );
    const fixable = report.findings.filter((f) => f.fix).length;
    if (fixable > 0) out.push(`  ${plural(fixable, 'problem')} fixable with --fix`);
  }
  if (report.verdict) out.push(report.verdict);
  return `${out.join('\n')}\n`;
};
