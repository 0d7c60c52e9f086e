import { rules } from '../rules/index.js';
import { countSeverities, type Reporter } from './types.js';

const fixable = new Set(rules.filter((r) => r.fixable).map((r) => r.id));

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `file:line:col  severity  message  rule-id`, grouped by file, then a summary. */
export const stylish: Reporter = (results) => {
  const out: string[] = [];
  let fixes = 0;
  for (const r of results) {
    if (r.messages.length === 0) continue;
    out.push(r.file);
    const rows = r.messages.map((m) => [`${r.file}:${m.line}:${m.column}`, m.severity, m.message, m.ruleId] as const);
    const w0 = Math.max(...rows.map((x) => x[0].length));
    const w2 = Math.max(...rows.map((x) => x[2].length));
    for (const [loc, sev, msg, id] of rows) out.push(`  ${loc.padEnd(w0)}  ${sev.padEnd(7)}  ${msg.padEnd(w2)}  ${id}`);
    out.push('');
    fixes += r.messages.filter((m) => fixable.has(m.ruleId)).length;
  }
  const { errors, warnings } = countSeverities(results);
  const total = errors + warnings;
  if (total === 0) {
    out.push(`✔ ${plural(results.length, 'ADR')} checked, no problems`);
  } else {
    out.push(
      `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(results.length, 'ADR')}`,
    );
    if (fixes > 0) out.push(`  ${plural(fixes, 'problem')} fixable with --fix`);
  }
  return `${out.join('\n')}\n`;
};
