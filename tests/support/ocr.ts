/**
 * A page's errors but tesseract's own start-up chatter: chi_sim's data names settings of the legacy engine, which
 * the LSTM-only core we ship does not have, and the wasm says so on stderr (console.error in a browser) once per
 * engine start, whatever the settings given (debug_file set at start does not reach these). Nothing else passes.
 */
export const withoutOcrChatter = (errors: readonly string[]) =>
  errors.filter((e) => !/^console: Warning: Parameter not found: [a-z_]+$/.test(e));
