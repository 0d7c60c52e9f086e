import { countSeverities } from '../core/index.js';
import { plural, type Reporter } from './types.js';

// Workflow command escaping: data escapes % CR LF; properties also : and ,.
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=...,line=...,col=...,title=<label> <rule-id>::message (rule-id)`, one per finding. */
export const github: Reporter = (report) => {
  const out: string[] = [];
  for (const f of report.findings) {
    const props = [`file=${escapeProperty(f.file)}`];
    if (f.line > 0) props.push(`line=${f.line}`);
    if (f.line > 0 && f.column > 0) props.push(`col=${f.column}`);
    props.push(`title=${escapeProperty(`${report.label} ${f.ruleId}`)}`);
    out.push(`::${f.severity} ${props.join(',')}::${escapeData(`${f.message} (${f.ruleId})`)}`);
  }
  const { errors, warnings } = countSeverities(report.findings);
  out.push(`${plural(report.checked.count, report.checked.noun)} checked: ${errors} errors, ${warnings} warnings`);
  return `${out.join('\n')}\n`;
};
