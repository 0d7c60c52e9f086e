// The static rules, in the order the README lists them. Each is one module with one severity; the
// core engine runs them over the context buildContext (../index.ts) read once.
import { runRules, type Finding } from '../../../core/index.js';
import type { StaticRule, StaticContext } from '../types.js';
import { adrLint } from './adr-lint.js';
import { adrPresent } from './adr-present.js';
import { dockerfileDigestPin } from './dockerfile-digest-pin.js';
import { dockerfileExecForm } from './dockerfile-exec-form.js';
import { dockerfileFinalBase } from './dockerfile-final-base.js';
import { dockerfileFinalRun } from './dockerfile-final-run.js';
import { dockerfileGoCgo } from './dockerfile-go-cgo.js';
import { dockerfileImageTag } from './dockerfile-image-tag.js';
import { dockerfileMultiStage } from './dockerfile-multi-stage.js';
import { dockerfileNodePackageManager } from './dockerfile-node-package-manager.js';
import { dockerfileNodeVersion } from './dockerfile-node-version.js';
import { dockerfileNodeVersionUnknown } from './dockerfile-node-version-unknown.js';
import { dockerfilePresent } from './dockerfile-present.js';
import { dockerfilePythonVersion } from './dockerfile-python-version.js';
import { dockerfilePythonVersionUnknown } from './dockerfile-python-version-unknown.js';
import { dockerfileUser } from './dockerfile-user.js';
import { dockerfileUserNumeric } from './dockerfile-user-numeric.js';
import { dockerignore } from './dockerignore.js';
import { helmAvailable } from './helm-available.js';
import { helmChart } from './helm-chart.js';
import { helmChartPresent } from './helm-chart-present.js';
import { helmCpuLimit } from './helm-cpu-limit.js';
import { helmImageTag } from './helm-image-tag.js';
import { helmK8sSchema } from './helm-k8s-schema.js';
import { helmLabelValues } from './helm-label-values.js';
import { helmLint } from './helm-lint.js';
import { helmProbes } from './helm-probes.js';
import { helmReadOnlyRootFs } from './helm-read-only-root-fs.js';
import { helmRender } from './helm-render.js';
import { helmResources } from './helm-resources.js';
import { helmSecurityContext } from './helm-security-context.js';
import { helmValuesSchema } from './helm-values-schema.js';
import { helmValuesSchemaPresent } from './helm-values-schema-present.js';

export const staticRules: readonly StaticRule[] = [
  dockerfilePresent,
  dockerfileMultiStage,
  dockerfileFinalBase,
  dockerfileUser,
  dockerfileUserNumeric,
  dockerfileExecForm,
  dockerfileFinalRun,
  dockerfileImageTag,
  dockerfileDigestPin,
  dockerfileGoCgo,
  dockerfilePythonVersion,
  dockerfilePythonVersionUnknown,
  dockerfileNodeVersion,
  dockerfileNodeVersionUnknown,
  dockerfileNodePackageManager,
  dockerignore,
  helmChartPresent,
  helmChart,
  helmValuesSchemaPresent,
  helmValuesSchema,
  helmAvailable,
  helmLint,
  helmRender,
  helmK8sSchema,
  helmLabelValues,
  helmProbes,
  helmSecurityContext,
  helmReadOnlyRootFs,
  helmResources,
  helmCpuLimit,
  helmImageTag,
  adrPresent,
  adrLint,
];

export const staticRuleIds: readonly string[] = staticRules.map((r) => r.meta.id);

/** Every static rule's findings over one service, in rule order. */
export function runStaticRules(ctx: StaticContext): Finding[] {
  return runRules(staticRules, ctx, { options: ctx.options });
}
