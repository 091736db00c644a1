/** Types of cli/dist-manifest.mjs (plain JS so that cli/bin.mjs loads it without a compiler). */
export declare const DIST: string;
export declare const MANIFEST_VERSION: number;
export declare const SNAPSHOT_FLAGS: readonly string[];
export declare function freshBuild(root: string): { bundle: string; snapshot: string | null } | null;
export declare function artifacts(root: string, snapshot: boolean): { bundle: string; snapshot: string | null };
