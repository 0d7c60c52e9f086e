// The generated parts of the documentation: the README's rule tables and folder list, and one
// page per rule. scripts/rule-docs.mjs writes them; test/docs.test.ts fails when they drift.
import { DEFAULT_ADR_DIRS } from './adr/folders.js';
import { rules as adrRules } from './adr/rules/index.js';
import { runtimeRules } from './service/runtime/index.js';
import { staticRules } from './service/static/rules/index.js';
import { renderRulePage, renderRuleTable, replaceBetweenMarkers, ruleDocsPath, type RuleFamily } from './core/index.js';
import type { RuleMeta } from './core/index.js';

/** Each family's rules, in the order the README lists them. */
export function documentedRules(): Record<RuleFamily, readonly RuleMeta[]> {
  return {
    adr: adrRules.map((r) => r.meta),
    service: [...staticRules.map((r) => r.meta), ...runtimeRules.map((r) => r.meta)],
  };
}

/** Every generated page, by path relative to the package root. */
export function rulePages(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const [family, metas] of Object.entries(documentedRules()) as [RuleFamily, RuleMeta[]][])
    for (const meta of metas) pages.set(ruleDocsPath(family, meta.id), renderRulePage(family, meta));
  return pages;
}

/** The README with its generated parts brought up to date. */
export function updateReadme(readme: string): string {
  const families = documentedRules();
  let out = readme;
  for (const [family, metas] of Object.entries(families) as [RuleFamily, RuleMeta[]][])
    if (metas.length > 0) out = replaceBetweenMarkers(out, `rules:${family}`, renderRuleTable(family, metas));
  const folders = DEFAULT_ADR_DIRS.map((d) => `\`${d}/\``).join(', ');
  return replaceBetweenMarkers(out, 'adr-folders', folders, true);
}
