// Service verification: probe and drain checks usable on their own (the generator's end-to-end
// tests and the repository demo use them).
export * from './probe.js';
export * from './types.js';
