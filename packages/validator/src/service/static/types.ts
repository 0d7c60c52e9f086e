// The context every static rule reads. All file reading, parsing, rendering and schema
// validation happens once, in buildContext (index.ts); rules are synchronous and pure over this.
import type { Dockerfile } from 'dockerfile-ast';
import type { Document, LineCounter } from 'yaml';
import type { Finding, Language, ServiceRule, StaticOptions } from '../types.js';

export interface StaticCheckOptions extends StaticOptions {
  /** The paths the app serves its probes on (default /healthz and /readyz). */
  probePaths?: { liveness: string; readiness: string };
  /** A helm binary, or false to never use one (default: `helm` on PATH). */
  helm?: string | false;
  /** A go binary, or false to never build the renderer (default: PATH, then /usr/lib/go-1.NN). */
  go?: string | false;
  /** Where the built helm-render binary is cached (default: the user cache dir). */
  cacheDir?: string;
  /** Skip the ADR checks. */
  skipAdr?: boolean;
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

export type RenderOutcome =
  | { kind: 'rendered'; tool: string; manifests: Manifest[]; yamlErrors: YamlError[] }
  | { kind: 'failed'; tool: string; message: string; file: string; line: number }
  | { kind: 'unavailable'; message: string }
  | { kind: 'skipped'; reason: string };

export interface KubeSchemaError {
  manifest: Manifest;
  /** JSON pointer within the object. */
  pointer: string;
  message: string;
}

export interface ChartModel {
  dir: string;
  valuesFile: ValuesFile | null;
  /** Problems reading Chart.yaml / values.yaml / values.schema.json. */
  problems: Finding[];
  schemaFile: string | null;
  schemaErrors: Finding[];
  render: RenderOutcome;
  kubeErrors: KubeSchemaError[];
}

export interface StaticContext {
  dir: string;
  options: StaticCheckOptions;
  language: Language | null;
  docker: DockerModel | null;
  /** Set when the Dockerfile is missing or unreadable. */
  dockerProblem: Finding | null;
  dockerignore: { file: string; text: string } | null;
  chart: ChartModel | null;
  adrFindings: Finding[];
}

export type StaticRule = ServiceRule<StaticContext>;
