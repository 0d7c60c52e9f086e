// Service verification: static checks → engines (container, native) → probe and drain checks →
// reporters. The probe and drain checks also work on their own (the generator's end-to-end tests
// use them); the repository demo runs the whole verification.
export * from './probe.js';
export * from './types.js';
export { checkStatic } from './static/index.js';
export { verifyService, CannotRunError, type VerifyOptions, type VerifyResult } from './verify.js';
export { isDynamicElf } from './elf.js';
export { findGoToolchain, onPath } from './tools.js';
export { RUNTIME_CHECKS, Locator, type RuntimeCheck, type RuntimeCheckId } from './runtime.js';
