import { finding } from '../finding.js';
import type { Finding } from '../../types.js';
import type { StaticRule } from '../types.js';

const MANAGERS = /^(npm|npx|yarn|pnpm|corepack)(\.c?js)?$/;

export const dockerfileNodePackageManager: StaticRule = {
  id: 'dockerfile-node-package-manager',
  severity: 'error',
  docs:
    'Node: the final ENTRYPOINT/CMD runs node directly, not npm/npx/yarn/pnpm (absent from distroless, and they ' +
    'swallow SIGTERM).',
  check(ctx) {
    const d = ctx.docker;
    if (!d || ctx.language !== 'node') return [];
    const out: Finding[] = [];
    for (const i of d.final.instructions) {
      if (i.keyword !== 'ENTRYPOINT' && i.keyword !== 'CMD') continue;
      const words = i.json ?? i.args.trim().split(/\s+/);
      const hit = words.find((w) => MANAGERS.test(w.split('/').pop() ?? ''));
      if (hit) {
        out.push(
          finding(
            this.id,
            this.severity,
            d.file,
            i.line,
            `${i.keyword} runs '${hit}', which the distroless Node image does not have (and which would not ` +
              `forward SIGTERM): run the script with node, e.g. CMD ["dist/server.js"] on an image whose ENTRYPOINT ` +
              `is node`,
          ),
        );
      }
    }
    return out;
  },
};
