/**
 * pdfmake 0.3 ships its layout engine as CommonJS modules under `pdfmake/js/` without types.
 * pdf-engine.ts uses them directly (see why there) and narrows these to the few members it calls.
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
declare module 'pdfmake/js/DocMeasure.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/DocPreprocessor.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/Line.js' {
  const module: unknown;
  export default module;
}
