import { SERVICE_ADR_DIR } from '../../../adr/folders.js';
import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const adrPresent: StaticRule = {
  meta: ruleMeta('service', {
    id: 'adr-present',
    severity: 'warning',
    docs:
      'The service records its decisions as ADRs in docs/adr, linted with the ADR rules (reported as `adr/<id>`, ' +
      "with each ADR rule's severity).",
    fixable: false,
  }),
  check(ctx, { report }) {
    if (ctx.adr.kind !== 'absent') return;
    report({
      file: SERVICE_ADR_DIR,
      line: 0,
      message: "no docs/adr: record the service's decisions (base image, probes, shutdown) as ADRs there",
    });
  },
};
