import { ruleMeta } from '../../../core/index.js';
import { finalUser } from '../dockerfile.js';
import type { StaticRule } from '../types.js';

export const dockerfileUserNumeric: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-user-numeric',
    severity: 'warning',
    docs:
      'The final USER is written as numbers with a non-root group (65532:65532), so the kubelet can verify ' +
      'runAsNonRoot.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    const user = d ? finalUser(d.final) : null;
    // A missing or root USER is dockerfile-user's error; this rule judges only how a non-root one is written.
    if (!d || !user || user.root) return;
    const { value, user: u, group: g, line } = user;
    let message: string | null = null;
    if (/\$/.test(value)) {
      message =
        `USER ${value} is set by a variable and cannot be verified: write it as a number, e.g. ` + '`USER 65532:65532`';
    } else if (!/^\d+$/.test(u) || (g !== undefined && !/^\d+$/.test(g))) {
      message =
        `USER ${value} is a name: write it as numbers (\`USER 65532:65532\`), or the kubelet cannot verify ` +
        `runAsNonRoot ("image has non-numeric user")`;
    } else if (g !== undefined && Number(g) === 0) {
      message = `USER ${value} uses group 0 (root): use \`USER ${u}:${u}\``;
    }
    if (message) report({ file: d.file, line, message });
  },
};
