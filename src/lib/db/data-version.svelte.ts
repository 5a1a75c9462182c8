/**
 * A counter the views read in their query effects: it changes whenever the
 * data behind the table names changes (the user's reports were accepted,
 * corrected or cleared, or the 内置/我的/全部 switch moved), so every view
 * asks DuckDB again without a reload.
 */
let version = $state(0);
export const dataVersion = (): number => version;
export function bumpDataVersion(): void {
  version++;
}
