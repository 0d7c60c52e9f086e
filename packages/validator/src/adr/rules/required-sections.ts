import { ruleMeta } from '../../core/index.js';
import { CONCEPT_LABELS, conceptOf, hasMadrHeadings, PROFILES } from '../concepts.js';
import type { AdrDocument, RequiredConcept, ResolvedConfig } from '../types.js';
import type { FileRule } from './types.js';

/** The profile `auto` picks from the dialect the file is written in. */
export function profileFor(doc: AdrDocument, config: ResolvedConfig): { name: string; concepts: RequiredConcept[] } {
  if (config.requiredSections) return { name: 'config', concepts: config.requiredSections };
  if (config.profile !== 'auto')
    return { name: config.profile, concepts: PROFILES[config.profile] ?? PROFILES.minimal! };
  let name: string;
  switch (doc.dialect) {
    case 'nygard':
    case 'frontmatter-nygard':
      name = 'nygard';
      break;
    case 'madr2':
    case 'log4brains':
      name = 'madr2';
      break;
    case 'madr-frontmatter': {
      const madrBody = hasMadrHeadings(doc.sections);
      name = madrBody ? (doc.frontMatter && 'deciders' in doc.frontMatter ? 'madr3' : 'madr4') : 'frontmatter';
      break;
    }
    case 'bold-fields':
      name = 'bold-fields';
      break;
    case 'flattened':
    case 'madr-headings':
      name = 'madr4';
      break;
    default:
      name = 'minimal';
  }
  return { name, concepts: PROFILES[name]! };
}

export const requiredSections: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'required-sections',
    severity: 'error',
    docs:
      'The sections the profile requires are present (Context, Decision, Consequences, Considered Options, ' +
      'by concept and accepted spelling).',
    fixable: false,
  }),
  check(doc, { options: config, report }) {
    const present = new Set<string>(doc.sections.map((s) => s.concept));
    // A section name written as a plain line is reported once, by section-heading.
    for (const p of doc.plainHeadings) present.add(conceptOf(p.text));
    const { name, concepts } = profileFor(doc, config);
    for (const c of concepts) {
      if (present.has(c)) continue;
      const labels = CONCEPT_LABELS[c]!;
      report({
        line: 1,
        column: 1,
        message: `missing required section '${labels[0]}' (profile ${name}; accepted: ${labels.join(', ')})`,
      });
    }
  },
};
