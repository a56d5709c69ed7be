/**
 * The spec module: SLM Lab spec files in, complete frozen ResolvedSpecs out.
 */
export { parseSpecText } from './parse_text';
export { resolveSpec, specNames } from './resolve';
export type { ResolveOptions, ResolveResult } from './resolve';
export { deepFreeze } from './deep_freeze';
export * from './defaults';
export type * from './types';
