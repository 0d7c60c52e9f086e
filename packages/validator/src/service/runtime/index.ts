// Runtime rules and where their findings point.
import { runRules, type Finding } from '../../core/index.js';
import { runtimeRules } from './rules/index.js';
import type { Observed, RuntimeOptions, Stage } from './types.js';

export { runtimeRules };
export { Locator, type Anchor, type Location } from './locator.js';
export type { Observed, RuntimeOptions, RuntimeRule, Stage } from './types.js';

/** The findings of the rules that look at a step, over what has been observed so far. */
export function judge(stage: Stage, observed: Observed, options: RuntimeOptions): Finding[] {
  const rules = runtimeRules.filter((r) => r.stages.includes(stage));
  return runRules(rules, observed, { options });
}
