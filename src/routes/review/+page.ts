// State (level, year) in the URL, data from DuckDB: client-only.
export const ssr = false;
