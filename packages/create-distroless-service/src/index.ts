// Library API: generate a service from code, with the same schema and templates as the CLI.
export {
  generate,
  GenerateError,
  GitError,
  InterruptedError,
  type GenerateOptions,
  type GenerateResult,
} from './generate.js';
export { render, type RenderOptions } from './render.js';
export { DigestError, parseImage, resolveDigest, type ResolveOptions } from './digests.js';
export { checkAnswers, AnswersError, defaults, type Answers, type Lang, type Base } from './answers.js';
export { resolveAnswers } from './resolve.js';
export { hashTemplates, locateTemplates, type TemplateSet } from './templates.js';
export { recoverTarget, TargetBusyError, TargetError, type SwapStep, type Tree } from './write.js';
