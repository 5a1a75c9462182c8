/** The report engine: text in, normalized and validated record out. */
export { parseReportText, revalidate, type ParseOptions } from './parse';
export { validate } from './validate';
export * from './types';
export * from './formats';
