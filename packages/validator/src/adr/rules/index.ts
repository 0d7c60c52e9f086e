import { dateFormat } from './date-format.js';
import { datePresent } from './date-present.js';
import { emptySection } from './empty-section.js';
import { fileEncoding } from './file-encoding.js';
import { fileReadable } from './file-readable.js';
import { frontMatterFenced } from './front-matter-fenced.js';
import { frontMatterValid } from './front-matter-valid.js';
import { indexUpToDate } from './index-up-to-date.js';
import { numberMatchesFileName } from './number-matches-file-name.js';
import { requiredSections } from './required-sections.js';
import { sectionHeading } from './section-heading.js';
import { statusConsistent } from './status-consistent.js';
import { statusDecoration } from './status-decoration.js';
import { statusPresent } from './status-present.js';
import { statusValid } from './status-valid.js';
import { supersededByTarget } from './superseded-by-target.js';
import { supersedesReciprocal } from './supersedes-reciprocal.js';
import { supersessionCycle } from './supersession-cycle.js';
import { templatePlaceholder } from './template-placeholder.js';
import { titlePresent } from './title-present.js';
import type { AdrRule } from './types.js';
import { uniqueNumber } from './unique-number.js';
import { fileSkipped } from './file-skipped.js';
import { fixSkipped } from './fix-skipped.js';
import { fileNamePattern } from './file-name-pattern.js';
import { templateUnfilled } from './template-unfilled.js';

export type { AdrRule, AdrSummary, FileRule, ProjectRule } from './types.js';

/** Every ADR rule, in the order the README and SARIF list them. */
export const rules: readonly AdrRule[] = [
  fileReadable,
  fileEncoding,
  fileSkipped,
  fixSkipped,
  frontMatterValid,
  frontMatterFenced,
  titlePresent,
  sectionHeading,
  statusPresent,
  statusValid,
  statusDecoration,
  statusConsistent,
  datePresent,
  dateFormat,
  requiredSections,
  emptySection,
  templateUnfilled,
  templatePlaceholder,
  numberMatchesFileName,
  fileNamePattern,
  uniqueNumber,
  supersededByTarget,
  supersedesReciprocal,
  supersessionCycle,
  indexUpToDate,
];

export const ruleIds: readonly string[] = rules.map((r) => r.meta.id);
