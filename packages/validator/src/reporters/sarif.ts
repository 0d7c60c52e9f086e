import type { Finding } from '../core/index.js';
import type { Reporter } from './types.js';

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

function pascal(id: string): string {
  return id.replace(/(^|[-/])([a-z])/g, (_, _d: string, c: string) => c.toUpperCase());
}

function uri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function region(f: Finding): Record<string, number> | undefined {
  if (f.line <= 0) return undefined;
  return f.column > 0 ? { startLine: f.line, startColumn: f.column } : { startLine: f.line };
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, the rules that ran in the driver (with
 * their docs pages as helpUri), relative URIs. A finding of a rule not in the table (an ADR rule
 * seen through `service`) carries its ruleId alone, never another rule's index.
 */
/**
 * A finding's identity across runs for code scanning: rule, file and message, not the line, so an
 * alert survives edits above it. The n-th identical finding of a file gets its own.
 */
function fingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = `${f.ruleId}\0${f.file}\0${f.message}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const { createHash } = process.getBuiltinModule('node:crypto');
    return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${n}`;
  });
}

export const sarif: Reporter = (report) => {
  const prints = fingerprints(report.findings);
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool,
            semanticVersion: report.version,
            rules: report.rules.map((r) => ({
              id: r.id,
              name: pascal(r.id),
              shortDescription: { text: r.docs },
              fullDescription: { text: r.docs },
              help: { text: `${r.docs}${r.fixable ? ' Fixable with --fix.' : ''}` },
              helpUri: r.url,
              defaultConfiguration: { level: r.severity },
              properties: { fixable: r.fixable, tags: [...(report.tags ?? [])] },
            })),
          },
        },
        // One category per tool, so `adr` and `service` uploads to the same repository do not replace each other.
        automationDetails: { id: `${report.tool}/` },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: {
          '%SRCROOT%': { description: { text: report.srcRoot ?? 'The directory the validator ran in' } },
        },
        results: report.findings.map((f, i) => {
          const ruleIndex = index.get(f.ruleId);
          const where = region(f);
          return {
            ruleId: f.ruleId,
            ...(ruleIndex === undefined ? {} : { ruleIndex }),
            level: f.severity,
            message: { text: f.message },
            partialFingerprints: { 'distrolessFinding/v1': prints[i]! },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: uri(f.file), uriBaseId: '%SRCROOT%' },
                  ...(where ? { region: where } : {}),
                },
              },
            ],
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
