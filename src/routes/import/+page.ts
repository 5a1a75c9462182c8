// The workspace lives in this browser's IndexedDB: nothing to render ahead of time.
export const ssr = false;
