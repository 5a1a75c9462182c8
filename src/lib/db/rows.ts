/**
 * An Arrow result as plain row objects, column by column. Row proxies
 * (`table.toArray().map((r) => r.toJSON())`) gave the same values 2–3× slower:
 * on a 12 k-row ranking of the 100 k synthetic set, 131 ms against 56 ms.
 */
interface ArrowLike {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChild(name: string): Iterable<unknown> | null;
}

export function arrowRows<T>(table: ArrowLike): T[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((n) => [...(table.getChild(n) ?? [])]);
  const out = new Array<T>(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) row[names[j]] = columns[j][i];
    out[i] = row as T;
  }
  return out;
}
