// Plain JS so that cli/dist-manifest.mjs (loaded by cli/bin.mjs without a compiler) can import it.

/**
 * The young generation of a process that renders documents (the worker and preview Lambdas, the
 * CLI; the bench measures ours and naive pdfmake under it). A render allocates about 1.5 MB a
 * page of objects that die within the page (words, lines, content-stream text); with V8's default
 * 16 MB semi-spaces the scavenger runs every few pages and copies the live layout each time.
 * At 32 MB it runs half as often: measured on the bench's 21-campaign rounds, GC pauses went from
 * 0.6–1.7 to 0.35–0.65 ms a page, for ~20 MB more RSS. Node accepts this flag in NODE_OPTIONS
 * (Lambda's only way to pass it); its `--min-semi-space-size` is not.
 */
export const RENDER_YOUNG_GENERATION = '--max-semi-space-size=32';
