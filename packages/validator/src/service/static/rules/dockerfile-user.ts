import { lastOf } from '../dockerfile.js';
import { finding } from '../finding.js';
import type { StaticRule } from '../types.js';

const ROOT = /^(root|0)$/;

export const dockerfileUser: StaticRule = {
  id: 'dockerfile-user',
  severity: 'error',
  docs: 'The final stage sets a numeric non-root USER (65532:65532), so the kubelet can verify runAsNonRoot.',
  check(ctx) {
    const d = ctx.docker;
    if (!d) return [];
    const user = lastOf(d.final, 'USER');
    if (!user) {
      return [
        finding(
          this.id,
          this.severity,
          d.file,
          d.final.fromLine,
          'the final stage has no USER: add `USER 65532:65532` (the nonroot user of distroless and Chainguard ' +
            'images); scanners (CKV_DOCKER_3, DS-0002) require it even when the base image sets one',
        ),
      ];
    }
    const value = user.args.trim();
    const [u = '', g] = value.split(':');
    if (ROOT.test(u) || (g !== undefined && ROOT.test(g) && !/^\d+$/.test(u))) {
      return [finding(this.id, 'error', d.file, user.line, `USER ${value} runs as root: use \`USER 65532:65532\``)];
    }
    if (/\$/.test(value)) {
      return [
        finding(
          this.id,
          'warning',
          d.file,
          user.line,
          `USER ${value} is set by a variable and cannot be verified: write it as a number, e.g. \`USER 65532:65532\``,
        ),
      ];
    }
    if (!/^\d+$/.test(u) || (g !== undefined && !/^\d+$/.test(g))) {
      return [
        finding(
          this.id,
          'warning',
          d.file,
          user.line,
          `USER ${value} is a name: write it as numbers (\`USER 65532:65532\`), or the kubelet cannot verify ` +
            `runAsNonRoot ("image has non-numeric user")`,
        ),
      ];
    }
    if (g !== undefined && Number(g) === 0) {
      return [
        finding(this.id, 'warning', d.file, user.line, `USER ${value} uses group 0 (root): use \`USER ${u}:${u}\``),
      ];
    }
    return [];
  },
};
