// Where ADRs live. The linter's default folders, in the order adr-tools, MADR and log4brains
// suggest them, and the folder a generated service keeps its records in. The README, action.yml
// and .pre-commit-hooks.yaml repeat the list; test/facts.test.ts keeps them in step with this one.

/** Linted when `distroless-validate adr` gets no paths: whichever of these exist. */
export const DEFAULT_ADR_DIRS: readonly string[] = [
  'adr',
  'docs/adr',
  'docs/decisions',
  'doc/adr',
  'doc/architecture/decisions',
];

/** Where a service made by create-distroless-service records its decisions (`service` checks it). */
export const SERVICE_ADR_DIR = 'docs/adr';
