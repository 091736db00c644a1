/**
 * pdfmake 0.3 ships its layout engine as CommonJS modules under `pdfmake/js/` without types.
 * pdf-internals.ts, the one module that imports them, narrows these to the members it uses and
 * checks them at load.
 */
declare module 'pdfmake/js/PDFDocument.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/LayoutBuilder.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/SVGMeasure.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/Renderer.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/PageSize.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/tableLayouts.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/StyleContextStack.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/TextInlines.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/TextBreaker.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/helpers/variableType.js' {
  const module: unknown;
  export default module;
}
/** linebreak 1.1.0 (pdfmake's UAX #14 implementation) ships no types: word-breaks.ts narrows it. */
declare module 'linebreak' {
  const module: unknown;
  export default module;
}
