/**
 * Query results (Arrow tables) as plain JS values, column by column.
 * Row proxies (`table.toArray().map((r) => r.toJSON())`) gave the same values
 * 2–3× slower; and apache-arrow decodes a string column one value at a time
 * (a TextDecoder call each), which on a 13 k-row ranking cost more than the
 * query. utf8Column decodes a chunk's bytes once and cuts the values out.
 */
interface DataLike {
  offset: number;
  length: number;
  nullCount: number;
  nullBitmap?: Uint8Array | null;
  values?: Uint8Array;
  valueOffsets?: Int32Array;
  type: { typeId: number; precision?: number; bitWidth?: number };
}
interface VectorLike extends Iterable<unknown> {
  readonly data: readonly DataLike[];
  type: DataLike['type'];
}
interface ArrowLike {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChild(name: string): VectorLike | null;
}

/** Arrow's type id of Utf8 (apache-arrow's enum Type). */
const UTF8 = 5;
const decoder = new TextDecoder();

/**
 * One Utf8 chunk: its bytes decoded once, each value a slice of the text.
 * (A sliced chunk's valueOffsets are already cut to it; its null bitmap is not: bit offset + i.)
 */
function utf8Chunk(d: DataLike, out: unknown[], at: number): void {
  const bytes = d.values!,
    offsets = d.valueOffsets!;
  let b = offsets[0];
  const text = decoder.decode(bytes.subarray(b, offsets[d.length]));
  const nulls = d.nullCount > 0 ? d.nullBitmap : null;
  let u = 0; // position in `text` (UTF-16 code units) of byte `b`
  for (let i = 0; i < d.length; i++) {
    const end = offsets[i + 1],
      start = u,
      j = d.offset + i;
    // A byte that is not a continuation byte (10xxxxxx) starts a character: 4-byte ones are 2 code units.
    for (; b < end; b++) {
      const x = bytes[b];
      if ((x & 0xc0) !== 0x80) u += x >= 0xf0 ? 2 : 1;
    }
    out[at + i] = nulls && !((nulls[j >> 3] >> (j & 7)) & 1) ? null : text.slice(start, u);
  }
}

/**
 * One chunk of numbers (Float32/64, Int8–32) or booleans read straight from its
 * buffers. A sliced fixed-width chunk's values are already cut to it (index i);
 * booleans and the null bitmap are bits, at offset + i.
 */
function fixedChunk(d: DataLike, out: unknown[], at: number, bool: boolean): void {
  const vals = d.values as unknown as ArrayLike<number>;
  const nulls = d.nullCount > 0 ? d.nullBitmap : null;
  for (let i = 0; i < d.length; i++) {
    const j = d.offset + i;
    if (nulls && !((nulls[j >> 3] >> (j & 7)) & 1)) out[at + i] = null;
    else out[at + i] = bool ? ((vals[j >> 3] >> (j & 7)) & 1) === 1 : vals[i];
  }
}

/** Arrow's type ids (apache-arrow's enum Type) read from the buffers here. */
const INT = 2,
  FLOAT = 3,
  BOOL = 6;
/** How a chunk is read: from its buffers, or through apache-arrow (64-bit integers, half floats, lists, dates …). */
function reader(t: DataLike['type']): ((d: DataLike, out: unknown[], at: number) => void) | null {
  if (t.typeId === UTF8) return utf8Chunk;
  if (t.typeId === BOOL) return (d, out, at) => fixedChunk(d, out, at, true);
  if ((t.typeId === FLOAT && (t.precision ?? 0) >= 1) || (t.typeId === INT && (t.bitWidth ?? 64) <= 32))
    return (d, out, at) => fixedChunk(d, out, at, false);
  return null;
}

function columnValues(v: VectorLike | null, n: number): unknown[] {
  if (!v) return [];
  const read = reader(v.type);
  if (!read) return [...v];
  const out = new Array<unknown>(n);
  let at = 0;
  for (const d of v.data) {
    read(d, out, at);
    at += d.length;
  }
  return out;
}

export function arrowRows<T>(table: ArrowLike): T[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((n) => columnValues(table.getChild(n), table.numRows));
  const out = new Array<T>(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) row[names[j]] = columns[j][i];
    out[i] = row as T;
  }
  return out;
}

/** A query result column by column: no object per row (a 13 k-report ranking has 40 columns). */
export interface Columns {
  numRows: number;
  /** The values of a column, nulls kept; an empty array for a column the result does not have. */
  get(name: string): readonly unknown[];
}

export function arrowColumns(table: ArrowLike): Columns {
  const cache = new Map<string, unknown[]>();
  return {
    numRows: table.numRows,
    get(name) {
      let c = cache.get(name);
      if (!c) cache.set(name, (c = columnValues(table.getChild(name), table.numRows)));
      return c;
    },
  };
}
