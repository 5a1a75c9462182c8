// The comparison reads its state (the chosen reports) from the URL and its data from DuckDB: client-only.
export const ssr = false;
