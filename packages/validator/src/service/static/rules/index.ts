import { ruleMeta, type RuleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';
import { adr } from './adr.js';
import { dockerfileDigestPin } from './dockerfile-digest-pin.js';
import { dockerfileExecForm } from './dockerfile-exec-form.js';
import { dockerfileFinalBase } from './dockerfile-final-base.js';
import { dockerfileFinalRun } from './dockerfile-final-run.js';
import { dockerfileGoCgo } from './dockerfile-go-cgo.js';
import { dockerfileImageTag } from './dockerfile-image-tag.js';
import { dockerfileMultiStage } from './dockerfile-multi-stage.js';
import { dockerfileNodePackageManager } from './dockerfile-node-package-manager.js';
import { dockerfileNodeVersion } from './dockerfile-node-version.js';
import { dockerfilePresent } from './dockerfile-present.js';
import { dockerfilePythonVersion } from './dockerfile-python-version.js';
import { dockerfileUser } from './dockerfile-user.js';
import { dockerignore } from './dockerignore.js';
import { helmChart } from './helm-chart.js';
import { helmImageTag } from './helm-image-tag.js';
import { helmK8sSchema } from './helm-k8s-schema.js';
import { helmLint } from './helm-lint.js';
import { helmProbes } from './helm-probes.js';
import { helmRender } from './helm-render.js';
import { helmResources } from './helm-resources.js';
import { helmSecurityContext } from './helm-security-context.js';
import { helmValuesSchema } from './helm-values-schema.js';

export const staticRules: readonly StaticRule[] = [
  dockerfilePresent,
  dockerfileMultiStage,
  dockerfileFinalBase,
  dockerfileUser,
  dockerfileExecForm,
  dockerfileFinalRun,
  dockerfileImageTag,
  dockerfileDigestPin,
  dockerfileGoCgo,
  dockerfilePythonVersion,
  dockerfileNodeVersion,
  dockerfileNodePackageManager,
  dockerignore,
  helmChart,
  helmValuesSchema,
  helmLint,
  helmRender,
  helmK8sSchema,
  helmProbes,
  helmSecurityContext,
  helmResources,
  helmImageTag,
  adr,
];

export const staticRuleIds: readonly string[] = staticRules.map((r) => r.id);

/** The static rules' metadata in the validator's one shape (their docs pages, for reporters and docs). */
export function staticRuleMetas(): RuleMeta[] {
  return staticRules.map(({ id, severity, docs }) => ruleMeta('service', { id, severity, docs, fixable: false }));
}
