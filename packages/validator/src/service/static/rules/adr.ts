import type { StaticRule } from '../types.js';

export const adr: StaticRule = {
  id: 'adr',
  severity: 'error',
  docs:
    "The ADRs in docs/adr pass `distroless-validate adr` (findings keep the ADR rule's id and severity, prefixed " +
    '`adr/`).',
  check(ctx) {
    return ctx.adrFindings;
  },
};
