import { ruleMeta } from '../../../core/index.js';
import { finalUser } from '../dockerfile.js';
import type { StaticRule } from '../types.js';

export const dockerfileUser: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-user',
    severity: 'error',
    docs: 'The final stage sets a non-root USER (65532:65532), even when the base image sets one.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d) return;
    const user = finalUser(d.final);
    if (!user) {
      report({
        file: d.file,
        line: d.final.fromLine,
        message:
          'the final stage has no USER: add `USER 65532:65532` (the nonroot user of distroless and Chainguard ' +
          'images); scanners (CKV_DOCKER_3, DS-0002) require it even when the base image sets one',
      });
    } else if (user.root) {
      report({ file: d.file, line: user.line, message: `USER ${user.value} runs as root: use \`USER 65532:65532\`` });
    }
  },
};
