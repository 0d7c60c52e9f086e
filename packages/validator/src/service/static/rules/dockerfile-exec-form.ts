import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const dockerfileExecForm: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-exec-form',
    severity: 'error',
    docs:
      'Final-stage ENTRYPOINT, CMD and HEALTHCHECK CMD use exec (JSON) form: the image has no /bin/sh to run shell ' +
      'form.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d) return;
    let hasStart = false;
    for (const ins of d.final.instructions) {
      if (ins.keyword === 'ENTRYPOINT' || ins.keyword === 'CMD') {
        hasStart = true;
        if (ins.json === null) {
          const words = ins.args.replace(/\\\r?\n/g, ' ').trim();
          report({
            file: d.file,
            line: ins.line,
            message:
              `${ins.keyword} is in shell form, which needs /bin/sh: write it as JSON, e.g. ${ins.keyword} ` +
              `${JSON.stringify(words.split(/\s+/).filter(Boolean))}`,
          });
        }
      } else if (ins.keyword === 'HEALTHCHECK' && !/^\s*NONE\s*$/i.test(ins.args) && ins.json === null) {
        report({
          file: d.file,
          line: ins.line,
          message:
            'HEALTHCHECK CMD is in shell form (needs /bin/sh): use exec form with the runtime itself, e.g. ' +
            'HEALTHCHECK CMD ["/app/svc","-healthcheck"], or drop it (Kubernetes ignores HEALTHCHECK)',
        });
      }
    }
    if (!hasStart) {
      report({
        file: d.file,
        line: d.final.fromLine,
        message: 'the final stage has no ENTRYPOINT or CMD: add an exec-form one, e.g. ENTRYPOINT ["/app/server"]',
      });
    }
  },
};
