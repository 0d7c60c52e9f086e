import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

const MANAGERS = /^(npm|npx|yarn|pnpm|corepack)(\.c?js)?$/;

export const dockerfileNodePackageManager: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-node-package-manager',
    severity: 'error',
    docs:
      'Node: the final ENTRYPOINT/CMD runs node directly, not npm/npx/yarn/pnpm (absent from distroless, and they ' +
      'swallow SIGTERM).',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d || ctx.language !== 'node') return;
    for (const i of d.final.instructions) {
      if (i.keyword !== 'ENTRYPOINT' && i.keyword !== 'CMD') continue;
      const words = i.json ?? i.args.trim().split(/\s+/);
      const hit = words.find((w) => MANAGERS.test(w.split('/').pop() ?? ''));
      if (hit) {
        report({
          file: d.file,
          line: i.line,
          message:
            `${i.keyword} runs '${hit}', which the distroless Node image does not have (and which would not ` +
            `forward SIGTERM): run the script with node, e.g. CMD ["dist/server.js"] on an image whose ENTRYPOINT ` +
            `is node`,
        });
      }
    }
  },
};
