/** Types of web/build.mjs, for the tests and the bench that build the console before using it. */
export const DIST: string;
export function isStale(): boolean;
export function buildConsole(opts?: { log?: (line: string) => void }): Promise<void>;
export function buildConsoleIfStale(opts?: { log?: (line: string) => void }): Promise<void>;
