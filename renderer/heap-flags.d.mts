/** Types of renderer/heap-flags.mjs. */
export declare const RENDER_YOUNG_GENERATION: string;
