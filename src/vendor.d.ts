// Types for third-party entry points that ship without their own declarations.

/** mammoth's prebuilt browser bundle (a UMD build of the same API as `mammoth`). */
declare module 'mammoth/mammoth.browser.js' {
  const mammoth: {
    convertToHtml(input: { arrayBuffer: ArrayBuffer }): Promise<{ value: string; messages: unknown[] }>;
  };
  export default mammoth;
}

/** pdfjs-dist's standard (browser) build: the package's own types, which describe this same file (its `main`). */
declare module 'pdfjs-dist/build/pdf.mjs' {
  export * from 'pdfjs-dist';
}
