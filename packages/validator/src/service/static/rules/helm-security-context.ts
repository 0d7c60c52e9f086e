import { finding } from '../finding.js';
import type { Finding, Severity } from '../../types.js';
import type { StaticRule } from '../types.js';
import { asObj, locate, workloads } from '../workloads.js';

// Pod Security Standards "restricted" (kubernetes/pod-security-admission policy/check_*.go).
export const helmSecurityContext: StaticRule = {
  id: 'helm-security-context',
  severity: 'error',
  docs:
    'Rendered pods meet Pod Security "restricted": runAsNonRoot, runAsUser≠0, no privilege escalation, drop ALL, ' +
    'seccomp RuntimeDefault; read-only root fs recommended.',
  check(ctx) {
    const out: Finding[] = [];
    for (const w of workloads(ctx)) {
      const pod = asObj(w.pod.securityContext) ?? {};
      for (const ctr of [
        w.pod.hostNetwork && 'hostNetwork',
        w.pod.hostPID && 'hostPID',
        w.pod.hostIPC && 'hostIPC',
      ].filter(Boolean) as string[]) {
        const l = locate(ctx, [[ctr]], w.manifest, new RegExp(`^\\s*${ctr}:`));
        out.push(
          finding(
            this.id,
            this.severity,
            l.file,
            l.line,
            `${w.kind} ${w.name} sets ${ctr}: true; remove it (not allowed by Pod Security baseline)`,
          ),
        );
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
        const report = (key: string, level: 'container' | 'pod' | null, severity: Severity, message: string): void => {
          const paths =
            level === 'pod'
              ? [['podSecurityContext', key]]
              : level === 'container'
                ? [['securityContext', key]]
                : [
                    ['securityContext', key],
                    ['podSecurityContext', key],
                  ];
          const l = locate(ctx, paths, w.manifest, new RegExp(`^\\s*${key}:|securityContext`));
          out.push(finding(this.id, severity, l.file, l.line, `${name}: ${message}`));
        };
        const nonRoot = eff('runAsNonRoot');
        if (nonRoot.value !== true)
          report(
            'runAsNonRoot',
            nonRoot.level,
            'error',
            'runAsNonRoot is not true: set securityContext.runAsNonRoot: true',
          );
        const user = eff('runAsUser');
        if (user.value === 0)
          report(
            'runAsUser',
            user.level,
            'error',
            'runAsUser is 0 (root): use 65532, the nonroot user of distroless and Chainguard images',
          );
        if (sc.allowPrivilegeEscalation !== false)
          report(
            'allowPrivilegeEscalation',
            'container',
            'error',
            'allowPrivilegeEscalation is not false: set it to false',
          );
        if (sc.privileged === true)
          report('privileged', 'container', 'error', 'privileged: true is not allowed: remove it');
        const caps = asObj(sc.capabilities) ?? {};
        const drop = Array.isArray(caps.drop) ? caps.drop : [];
        if (!drop.includes('ALL'))
          report(
            'capabilities',
            'container',
            'error',
            'capabilities.drop does not include ALL: set capabilities: {drop: [ALL]}',
          );
        const add = Array.isArray(caps.add) ? caps.add.filter((a) => a !== 'NET_BIND_SERVICE') : [];
        if (add.length > 0)
          report(
            'capabilities',
            'container',
            'error',
            `capabilities.add ${JSON.stringify(add)}: restricted allows only NET_BIND_SERVICE`,
          );
        const seccomp = eff('seccompProfile');
        const type = asObj(seccomp.value)?.type;
        if (type !== 'RuntimeDefault' && type !== 'Localhost') {
          report(
            'seccompProfile',
            seccomp.level ?? 'pod',
            'error',
            `seccompProfile.type is ${type === undefined ? 'unset' : String(type)}: set seccompProfile: {type: ` +
              `RuntimeDefault}`,
          );
        }
        if (sc.readOnlyRootFilesystem !== true) {
          report(
            'readOnlyRootFilesystem',
            'container',
            'warning',
            'readOnlyRootFilesystem is not true: set it, and mount an emptyDir at /tmp if the app writes temp files',
          );
        }
      }
    }
    return out;
  },
};
