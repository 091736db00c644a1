/** fontkit (pdfkit's font engine) as the tests use it: opening a face from its bytes. */
declare module 'fontkit' {
  export function create(buffer: Uint8Array): unknown;
}
