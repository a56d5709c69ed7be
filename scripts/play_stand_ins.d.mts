// Types of play_stand_ins.mjs (for the TypeScript tests that import it).
/** Repo paths without extension -> stand-in file. */
export declare const FORWARD_ONLY_STAND_INS: Readonly<Record<string, string>>;
/** The absolute stand-in path for a relative import `source` made by `importer`, or null. */
export declare function standInFor(source: string, importer: string | undefined, root?: string): string | null;
/** Rollup plugin applying the stand-ins. */
export declare function forwardOnlyRollup(root?: string): { name: string; resolveId(source: string, importer: string | undefined): string | null };
/** esbuild plugin applying the stand-ins. */
export declare function forwardOnlyEsbuild(root?: string): import('esbuild').Plugin;
