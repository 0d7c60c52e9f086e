import { countSeverities, type Reporter } from './types.js';

// Workflow command escaping: data escapes % CR LF; properties also : and ,.
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=...,line=...,col=...,title=rule-id::message`, one per finding. */
export const github: Reporter = (results) => {
  const out: string[] = [];
  for (const r of results) {
    for (const m of r.messages) {
      const cmd = m.severity === 'error' ? 'error' : 'warning';
      out.push(
        `::${cmd} file=${escapeProperty(r.file)},line=${m.line},col=${m.column},title=${escapeProperty(`ADR ${m.ruleId}`)}::${escapeData(`${m.message} (${m.ruleId})`)}`,
      );
    }
  }
  const { errors, warnings } = countSeverities(results);
  out.push(`${results.length} ADRs checked: ${errors} errors, ${warnings} warnings`);
  return `${out.join('\n')}\n`;
};
