import { ruleMeta } from '../../core/index.js';
import { CONCEPT_LABELS, conceptOf, hasMadrHeadings, PROFILES } from '../concepts.js';
import type { AdrDocument, RequiredConcept, ResolvedConfig } from '../types.js';
import type { FileRule } from './types.js';

/**
 * The profile a record's own body implies: MADR section names mean MADR's required sections,
 * Context/Decision/Consequences mean Nygard's, whatever metadata style sits above them (a MADR 2
 * status list over a Nygard body is a Nygard body).
 */
export function bodyProfile(doc: AdrDocument): 'madr' | 'nygard' | 'minimal' {
  // Section names written as plain lines (a pasted record) say as much as headings.
  const named = [
    ...doc.sections,
    ...doc.plainHeadings.filter((p) => p.kind === 'section').map((p) => ({ text: p.text, concept: conceptOf(p.text) })),
  ];
  if (hasMadrHeadings(named)) return 'madr';
  // Nygard's three sections for the dialects that come with his template, or once a record has
  // Consequences; a table- or change-log-style record with Context and Decision is complete.
  if (['nygard', 'frontmatter-nygard', 'bold-fields'].includes(doc.dialect)) return 'nygard';
  // Pasted front matter over a Status section is frontmatter-nygard that lost its fences: judged as
  // once fenced, so that fixing the fences brings no new finding.
  if (doc.dialect === 'flattened' && doc.statuses.some((s) => s.source === 'section')) return 'nygard';
  if (named.some((s) => s.concept === 'consequences')) return 'nygard';
  return 'minimal';
}

export function profileFor(doc: AdrDocument, config: ResolvedConfig): { name: string; concepts: RequiredConcept[] } {
  const body = bodyProfile(doc);
  const req = config.requiredSections;
  if (Array.isArray(req)) return { name: 'config', concepts: req };
  if (req && req[body]) return { name: `${body} (config)`, concepts: req[body]! };
  if (config.profile !== 'auto')
    return { name: config.profile, concepts: PROFILES[config.profile] ?? PROFILES.minimal! };
  return { name: body, concepts: PROFILES[body]! };
}

export const requiredSections: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'required-sections',
    severity: 'warning',
    docs:
      'The sections the record’s own profile requires are present (MADR: Context, Considered Options, ' +
      'Decision; Nygard: Context, Decision, Consequences; others: Context, Decision), matched by concept ' +
      'with common aliases at any ' +
      'heading level. A warning by default; an error once the config sets requiredSections or a profile.',
    fixable: false,
  }),
  check(doc, { options: config, report }) {
    const extra = config.sectionAliases;
    const present = new Set<string>(
      doc.sections.map((s) => (s.concept === 'other' && extra ? conceptOf(s.text, extra) : s.concept)),
    );
    // A section name written as a plain line is reported once, by section-heading.
    for (const p of doc.plainHeadings) present.add(conceptOf(p.text));
    const { name, concepts } = profileFor(doc, config);
    for (const c of concepts) {
      if (present.has(c)) continue;
      const labels = [...CONCEPT_LABELS[c]!, ...(extra?.[c] ?? [])];
      report({
        line: 1,
        column: 1,
        message: `missing required section '${labels[0]}' (profile ${name}; accepted: ${labels.join(', ')})`,
      });
    }
  },
};
