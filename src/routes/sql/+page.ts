// The SQL console reads its state from the URL and its data from DuckDB in the browser:
// rendered on the client only (the shell is still prerendered).
export const ssr = false;
