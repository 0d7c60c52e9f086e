// Rule documentation comes from the rule modules: the README's rule tables and one page per rule
// are generated (scripts/rule-docs.mjs), and a test fails when the committed copies drift.
import { ruleDocsPath, type RuleFamily, type RuleMeta } from './meta.js';

const FAMILY: Record<RuleFamily, { checks: string; configure: string }> = {
  adr: {
    checks: 'ADRs, with `distroless-validate adr`',
    configure:
      'Change its severity or turn it off in `.adrlintrc.json` (or `adrLint` in package.json): ' +
      '`{ "rules": { "<id>": "warn" } }`, with `off`, `warn` or `error`.',
  },
  service: {
    checks: 'services, with `distroless-validate service`',
    configure: 'Service rules always run at their default severity.',
  },
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The README table: id (linked to its page), default severity, fixable, docs. */
export function renderRuleTable(family: RuleFamily, rules: readonly RuleMeta[]): string {
  const rows = rules.map((r) => {
    const link = `[\`${r.id}\`](${ruleDocsPath(family, r.id)})`;
    return `| ${link} | ${r.severity} | ${r.fixable ? 'yes' : 'no'} | ${cell(r.docs)} |`;
  });
  return ['| id | default | fixable | what it checks |', '|---|---|---|---|', ...rows].join('\n');
}

export function renderRulePage(family: RuleFamily, rule: RuleMeta): string {
  return [
    `# \`${rule.id}\``,
    '',
    '<!-- Generated from the rule module by scripts/rule-docs.mjs; edit the module, not this page. -->',
    '',
    rule.docs,
    '',
    '| | |',
    '|---|---|',
    `| checks | ${FAMILY[family].checks} |`,
    `| default severity | ${rule.severity} |`,
    `| fixable | ${rule.fixable ? 'yes, with `--fix`' : 'no'} |`,
    '',
    FAMILY[family].configure.replace('<id>', rule.id),
    '',
  ].join('\n');
}

/**
 * Replaces what stands between `<!-- name -->` and `<!-- /name -->`: on lines of its own, or
 * inline (within a sentence). Throws when the markers are missing, so an edit that drops them
 * fails loudly instead of losing the generated text.
 */
export function replaceBetweenMarkers(text: string, name: string, body: string, inline = false): string {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`markers ${open} ... ${close} not found`);
  const gap = inline ? '' : '\n\n';
  return `${text.slice(0, start + open.length)}${gap}${body}${gap}${text.slice(end)}`;
}
