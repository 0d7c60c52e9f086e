import { countSeverities, type Finding } from '../core/index.js';
import { ignoredNote, plural, printable, printableLine, type Reporter, type RunReport } from './types.js';

// Workflow command escaping: data escapes % CR LF; properties also : and ,.
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub shows at most 10 error and 10 warning annotations of a step (and 50 per job); beyond
 * that they are dropped without a word. So at most this many of each are annotated, and the
 * rest go to the job summary (see stepSummary).
 */
export const ANNOTATIONS_PER_SEVERITY = 10;

/** The findings that get an annotation, and the rest. */
export function splitAnnotations(findings: readonly Finding[]): { annotated: Finding[]; rest: Finding[] } {
  const seen = { error: 0, warning: 0 };
  const annotated: Finding[] = [];
  const rest: Finding[] = [];
  for (const f of findings) (seen[f.severity]++ < ANNOTATIONS_PER_SEVERITY ? annotated : rest).push(f);
  return { annotated, rest };
}

/**
 * A log line that must not read as a workflow command: the runner takes a line that starts with
 * `::` (after spaces) as one, and the older form `##[command]` anywhere in a line.
 */
function plainLine(line: string): string {
  return line.replace(/^(\s*):/, '$1\\u003a').replace(/##\[/g, '##\\u005b');
}

/** `::error file=...,line=...,col=...,title=<label> <rule-id>::message (rule-id)`, capped per severity. */
export const github: Reporter = (report) => {
  const out: string[] = [];
  const { annotated, rest } = splitAnnotations(report.findings);
  for (const f of annotated) {
    const props = [`file=${escapeProperty(printableLine(f.file))}`];
    if (f.line > 0) props.push(`line=${f.line}`);
    if (f.line > 0 && f.column > 0) props.push(`col=${f.column}`);
    props.push(`title=${escapeProperty(`${report.label} ${f.ruleId}`)}`);
    out.push(`::${f.severity} ${props.join(',')}::${escapeData(printable(`${f.message} (${f.ruleId})`))}`);
  }
  // Beyond what GitHub would show, plain lines in the log (and the job summary, when there is one).
  for (const f of rest) {
    const where = `${printableLine(f.file)}:${f.line}:${f.column}`;
    out.push(plainLine(`${where} ${f.severity} ${escapeData(printable(f.message))} (${f.ruleId})`));
  }
  const { errors, warnings } = countSeverities(report.findings);
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  out.push(`${plural(report.checked.count, report.checked.noun)} checked: ${counts}`);
  if (rest.length > 0)
    out.push(
      `${plural(rest.length, 'finding')} beyond GitHub's ${ANNOTATIONS_PER_SEVERITY} annotations per ` +
        `severity are listed above and in the job summary`,
    );
  return `${out.join('\n')}\n`;
};

/**
 * A Markdown table cell: on one line, with the characters that would end the cell (`|`, also after
 * a backslash), or start markup or HTML, backslash-escaped.
 */
const cell = (s: string) => printableLine(s).replace(/[\\|<>`*_[\]&]/g, '\\$&');

/**
 * Markdown for `$GITHUB_STEP_SUMMARY`: the counts, what a run that checked nothing ignored (as
 * stylish says it), and every finding not shown as an annotation.
 */
export function stepSummary(report: RunReport): string {
  const { errors, warnings } = countSeverities(report.findings);
  const { rest } = splitAnnotations(report.findings);
  const out = [`### ${report.label}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`, ''];
  const { count, noun, ignored } = report.checked;
  if (ignored?.length) out.push(`${plural(count, noun)} checked; ${cell(ignoredNote(ignored, noun))}`, '');
  if (rest.length > 0) {
    out.push(
      `${plural(rest.length, 'finding')} not shown as annotations:`,
      '',
      '| file | line | severity | rule | message |',
      '|---|---:|---|---|---|',
    );
    for (const f of rest)
      out.push(`| ${cell(f.file)} | ${f.line} | ${f.severity} | ${f.ruleId} | ${cell(f.message)} |`);
  }
  return `${out.join('\n')}\n`;
}
