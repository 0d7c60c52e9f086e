// What every rule module declares about itself, and where its docs page lives.
import type { Severity } from './finding.js';

export interface RuleMeta {
  id: string;
  /** Default severity; configuration may change it or turn the rule off. */
  severity: Severity;
  /** One sentence: what the rule wants. The README table, the docs page and SARIF all print it. */
  docs: string;
  /** Whether `--fix` repairs what it reports. */
  fixable: boolean;
  /** The rule's docs page (absolute, for SARIF's helpUri). */
  url: string;
}

/** Which subcommand a rule belongs to; each has its own folder of pages and its own README table. */
export type RuleFamily = 'adr' | 'service';

/** Path of a rule's page inside the package. */
export function ruleDocsPath(family: RuleFamily, id: string): string {
  return `docs/rules/${family}/${id}.md`;
}

/**
 * The page as shipped in this package (`docs/` is in its files), as an absolute URL: SARIF's
 * `helpUri` must be absolute, and this one opens wherever the package is installed.
 */
export function ruleDocsUrl(family: RuleFamily, id: string): string {
  return new URL(`../../${ruleDocsPath(family, id)}`, import.meta.url).href;
}

/** Metadata with the docs link filled in from the id. */
export function ruleMeta(family: RuleFamily, meta: Omit<RuleMeta, 'url'>): RuleMeta {
  return { ...meta, url: ruleDocsUrl(family, meta.id) };
}
