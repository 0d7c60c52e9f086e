import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';
import { asObj, chartMessage, locate, securityContextAt, valuesValue, workloads } from '../workloads.js';

// Pod Security Standards "restricted" (kubernetes/pod-security-admission policy/check_*.go).
export const helmSecurityContext: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-security-context',
    severity: 'error',
    docs:
      'Rendered pods meet Pod Security "restricted": runAsNonRoot, runAsUser≠0, no privilege escalation, drop ALL, ' +
      'seccomp RuntimeDefault.',
    fixable: false,
  }),
  check(ctx, { report }) {
    for (const w of workloads(ctx)) {
      const pod = asObj(w.pod.securityContext) ?? {};
      for (const ctr of [
        w.pod.hostNetwork && 'hostNetwork',
        w.pod.hostPID && 'hostPID',
        w.pod.hostIPC && 'hostIPC',
      ].filter(Boolean) as string[]) {
        // values.yaml's `false` (or no value) is right: then the template sets it on its own.
        const l = locate(ctx, [[ctr]], w.manifest, new RegExp(`^\\s*${ctr}:`), (v) => v !== true);
        report({
          file: l.file,
          line: l.line,
          message: l.unused
            ? `${w.kind} ${w.name} sets ${ctr}: true, although ${l.unused.values}:${l.unused.line} sets it to ` +
              `${String(valuesValue(ctx, [ctr]))}: the chart template does not use ${l.unused.key}; remove ` +
              `${ctr}: true from the template (not allowed by Pod Security baseline)`
            : `${w.kind} ${w.name} sets ${ctr}: true; remove it (not allowed by Pod Security baseline)`,
        });
      }
      for (const c of w.containers) {
        const sc = asObj(c.securityContext) ?? {};
        const name = `${w.kind} ${w.name}, container ${String(c.name)}`;
        // Container settings win over the pod's, as in the kubelet.
        const eff = (k: string): { value: unknown; level: 'container' | 'pod' | null } =>
          k in sc
            ? { value: sc[k], level: 'container' }
            : k in pod
              ? { value: pod[k], level: 'pod' }
              : { value: undefined, level: null };
        // `right`: what a values.yaml value must be to be no fault of its own (then the template leaves it out).
        const flag = (
          key: string,
          level: 'container' | 'pod' | null,
          problem: string,
          fix: string,
          right: (value: unknown) => boolean,
        ): void => {
          const l = securityContextAt(ctx, w, key, level, right);
          report({ file: l.file, line: l.line, message: `${name}: ${chartMessage(l, problem, fix)}` });
        };
        const nonRoot = eff('runAsNonRoot');
        if (nonRoot.value !== true)
          flag(
            'runAsNonRoot',
            nonRoot.level,
            'runAsNonRoot is not true',
            'set securityContext.runAsNonRoot: true',
            (v) => v === true,
          );
        const user = eff('runAsUser');
        if (user.value === 0)
          flag(
            'runAsUser',
            user.level,
            'runAsUser is 0 (root)',
            'use 65532, the nonroot user of distroless and Chainguard images',
            (v) => typeof v === 'number' && v !== 0,
          );
        if (sc.allowPrivilegeEscalation !== false)
          flag(
            'allowPrivilegeEscalation',
            'container',
            'allowPrivilegeEscalation is not false',
            'set it to false',
            (v) => v === false,
          );
        if (sc.privileged === true)
          flag('privileged', 'container', 'privileged: true is not allowed', 'remove it', (v) => v !== true);
        const caps = asObj(sc.capabilities) ?? {};
        const drop = Array.isArray(caps.drop) ? caps.drop : [];
        const dropsAll = (v: unknown) => Array.isArray(asObj(v)?.drop) && (asObj(v)!.drop as unknown[]).includes('ALL');
        if (!drop.includes('ALL'))
          flag(
            'capabilities',
            'container',
            'capabilities.drop does not include ALL',
            'set capabilities: {drop: [ALL]}',
            dropsAll,
          );
        const extra = (v: unknown) => {
          const a = asObj(v)?.add;
          return Array.isArray(a) ? a.filter((x) => x !== 'NET_BIND_SERVICE') : [];
        };
        const add = extra(caps);
        if (add.length > 0)
          flag(
            'capabilities',
            'container',
            `capabilities.add ${JSON.stringify(add)}`,
            'restricted allows only NET_BIND_SERVICE',
            (v) => asObj(v) !== null && extra(v).length === 0,
          );
        const seccomp = eff('seccompProfile');
        const type = asObj(seccomp.value)?.type;
        const allowed = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
        if (!allowed(type)) {
          flag(
            'seccompProfile',
            seccomp.level ?? 'pod',
            `seccompProfile.type is ${type === undefined ? 'unset' : String(type)}`,
            'set seccompProfile: {type: RuntimeDefault}',
            (v) => allowed(asObj(v)?.type),
          );
        }
      }
    }
  },
};
