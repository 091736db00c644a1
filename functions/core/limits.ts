/** CONTRACT §2: a request body over 256 KiB is a 413 (the HTTP layer enforces it; clients cut their files under it). */
export const MAX_BODY_BYTES = 256 * 1024;
