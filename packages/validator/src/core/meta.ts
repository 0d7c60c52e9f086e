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
  /** The rule's docs page (an https URL, for SARIF's helpUri and the docs). */
  url: string;
}

/** Which subcommand a rule belongs to; each has its own folder of pages and its own README table. */
export type RuleFamily = 'adr' | 'service';

/** Path of a rule's page inside the package. */
export function ruleDocsPath(family: RuleFamily, id: string): string {
  return `docs/rules/${family}/${id}.md`;
}

/**
 * Where the docs pages are published: the package's `repository` (package.json, checked against it in
 * test/docs.test.ts) on its default branch. SARIF's `helpUri` must be absolute and should open for
 * whoever reads the alert, on any machine; the same pages ship in the package under `docs/`.
 */
export const DOCS_HOME = 'https://github.com/distroless-service/distroless-service/blob/main/packages/validator/';

/** A rule's docs page as a stable https URL. */
export function ruleDocsUrl(family: RuleFamily, id: string): string {
  return `${DOCS_HOME}${ruleDocsPath(family, id)}`;
}

/** Metadata with the docs link filled in from the id. */
export function ruleMeta(family: RuleFamily, meta: Omit<RuleMeta, 'url'>): RuleMeta {
  return { ...meta, url: ruleDocsUrl(family, meta.id) };
}
