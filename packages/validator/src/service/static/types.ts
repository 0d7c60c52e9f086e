// The context every static rule reads. All file reading, parsing, rendering and schema
// validation happens once, in buildContext (index.ts); rules are synchronous and pure over this,
// and what the loaders found wrong is kept as problems (no rule id, no severity) for a rule to report.
import type { Dockerfile } from 'dockerfile-ast';
import type { Document, LineCounter } from 'yaml';
import type { Finding, Problem, Rule } from '../../core/index.js';
import type { Language, StaticOptions } from '../types.js';

export interface StaticCheckOptions extends StaticOptions {
  /** The paths the app serves its probes on (default /healthz and /readyz). */
  probePaths?: { liveness: string; readiness: string };
  /** The helm binary, or false to run without one (default: `helm` on PATH). */
  helm?: string | false;
  /** Skip the ADR checks. */
  skipAdr?: boolean;
  /** Stops helm when it fires (the static step's deadline, or an interrupt). */
  signal?: AbortSignal;
}

export interface ImageRef {
  /** As written after ARG substitution. */
  raw: string;
  registry: string | null;
  /** Repository path without registry, e.g. `distroless/static-debian13` or `library`-less `python`. */
  name: string;
  tag: string | null;
  digest: string | null;
  /** Contains an unresolved $VAR. */
  variable: boolean;
}

export interface StageInstruction {
  keyword: string;
  /** 1-based. */
  line: number;
  /** Raw argument text (continuations kept). */
  args: string;
  /** Exec form (JSON array) arguments; null when shell form or not applicable. */
  json: string[] | null;
}

export interface Stage {
  index: number;
  alias: string | null;
  from: ImageRef;
  fromLine: number;
  /** The stage this one is built FROM, when its FROM names a previous stage. */
  parent: Stage | null;
  instructions: StageInstruction[];
}

export interface DockerModel {
  file: string;
  ast: Dockerfile;
  stages: Stage[];
  final: Stage;
  /** The stage the final stage copies from (its first COPY --from), else the one before it. */
  builder: Stage | null;
  /** builder and its FROM-stage ancestors, oldest first. */
  builderChain: Stage[];
}

export interface ValuesFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

export interface Manifest {
  /** Template path relative to the service dir, e.g. deploy/chart/templates/deployment.yaml. */
  source: string | null;
  object: Record<string, unknown>;
}

export interface YamlError {
  source: string | null;
  message: string;
}

/** The renderer that ran, as the output names it. */
export interface HelmTool {
  name: 'helm';
  path: string;
  /** As `helm version` prints it, e.g. v4.1.4. */
  version: string;
}

export type RenderOutcome =
  | { kind: 'rendered'; tool: HelmTool; manifests: Manifest[]; yamlErrors: YamlError[] }
  | { kind: 'failed'; tool: HelmTool; message: string; file: string; line: number }
  /** No helm on PATH (`missing`), or one that does not run (`broken`): `message` says why and how to install it. */
  | { kind: 'unavailable'; message: string; reason: 'missing' | 'broken' }
  | { kind: 'skipped'; reason: string };

/** One WARNING or ERROR of `helm lint --strict` (both fail it). */
export interface LintMessage {
  severity: 'warning' | 'error';
  /** As helm prints it, relative to the chart: `Chart.yaml`, `templates/`, `values.yaml`, ``. */
  path: string;
  message: string;
  /** Relative to the service dir; the template and line when helm names them. */
  file: string;
  line: number;
}

export type LintOutcome =
  { kind: 'linted'; messages: LintMessage[] } | { kind: 'failed'; message: string } | { kind: 'skipped' };

export interface KubeSchemaError {
  manifest: Manifest;
  /** JSON pointer within the object. */
  pointer: string;
  message: string;
}

export interface ChartModel {
  dir: string;
  valuesFile: ValuesFile | null;
  /** Problems reading Chart.yaml and values.yaml. */
  problems: Problem[];
  schemaFile: string | null;
  /** values.yaml against values.schema.json, or the schema itself unreadable. */
  schemaErrors: Problem[];
  /** The helm that checked the chart, when one was found and runs. */
  helm: HelmTool | null;
  lint: LintOutcome;
  render: RenderOutcome;
  kubeErrors: KubeSchemaError[];
}

export interface StaticContext {
  dir: string;
  options: StaticCheckOptions;
  language: Language | null;
  docker: DockerModel | null;
  /** Why there is no Dockerfile model: missing, unreadable, or without FROM. */
  dockerProblem: string | null;
  /** `problem` when the file is there but was not read (not a regular file, too large, ...). */
  dockerignore: { file: string; text: string; problem?: string } | null;
  chart: ChartModel | null;
  adr: AdrOutcome;
}

/** The ADR lint over docs/adr: its findings keep the ADR rules' ids (prefixed `adr/`) and severities. */
export type AdrOutcome =
  | { kind: 'skipped' }
  | { kind: 'absent' }
  | { kind: 'failed'; message: string }
  | { kind: 'linted'; findings: Finding[] };

export type StaticRule = Rule<StaticContext, StaticCheckOptions>;
