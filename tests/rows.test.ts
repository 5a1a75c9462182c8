/**
 * Query results as JS values (src/lib/db/rows.ts): the fast string decoder
 * must give exactly what apache-arrow gives, for any text — CJK, 4-byte
 * characters (𠀀, emoji), empty strings and nulls, sliced chunks — and on the
 * real DuckDB's answers.
 */
import fc from 'fast-check';
import { Bool, Float64, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowColumns, arrowRows } from '../src/lib/db/rows';
import { createNodeDb } from '../src/lib/db/node';

const text = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('政', '府', 'a', '𠀀', '😀', '（', '\u0000') }),
);

describe('Arrow results as values', () => {
  it('strings decode as apache-arrow decodes them (any text, nulls, slices)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(text, { nil: null })), fc.nat(6), (xs, cut) => {
        const from = Math.min(cut, xs.length);
        const table = new Table({
          s: vectorFromArray(xs, new Utf8()),
          n: vectorFromArray(xs.map((x) => x?.length ?? null)),
        }).slice(from);
        const expected = xs.slice(from);
        expect(arrowRows<{ s: string | null }>(table as never).map((r) => r.s)).toEqual(expected);
        expect(arrowColumns(table as never).get('s')).toEqual(expected);
        expect(arrowColumns(table as never).get('n')).toEqual(expected.map((x) => x?.length ?? null));
      }),
      { numRuns: 400 },
    );
  });

  it("numbers and booleans read from the buffers equal apache-arrow's values (nulls, slices, several chunks)", () => {
    const num = fc.option(fc.double({ noNaN: true }), { nil: null });
    const int = fc.option(fc.integer(), { nil: null });
    const bool = fc.option(fc.boolean(), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(num, int, bool)), fc.array(fc.tuple(num, int, bool)), fc.nat(9), (a, b, cut) => {
        const make = (xs: typeof a) =>
          new Table({
            d: vectorFromArray(
              xs.map((x) => x[0]),
              new Float64(),
            ),
            i: vectorFromArray(
              xs.map((x) => x[1]),
              new Int32(),
            ),
            b: vectorFromArray(
              xs.map((x) => x[2]),
              new Bool(),
            ),
          });
        const table = make(a).concat(make(b)).slice(Math.min(cut, a.length));
        const want = table.toArray().map((r) => r.toJSON());
        expect(arrowRows(table as never)).toEqual(want);
        const cols = arrowColumns(table as never);
        expect(cols.get('b')).toEqual(want.map((r) => r.b));
      }),
      { numRuns: 300 },
    );
  });

  it('the real DuckDB: many chunks of strings and numbers with nulls', async () => {
    const db = await createNodeDb();
    const sql = `SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE '第' || i || '号 𠀀 单位' END AS name, CASE WHEN i % 5 = 0 THEN NULL ELSE i / 3 END AS x
      FROM range(5000) t(i) ORDER BY i`;
    const rows = await db.query<{ i: number; name: string | null; x: number | null }>(sql);
    expect(rows).toHaveLength(5000);
    expect(rows[7]).toEqual({ i: 7, name: null, x: 7 / 3 });
    expect(rows[4999].name).toBe('第4999号 𠀀 单位');
    expect(rows[10].x).toBeNull();
    const cols = await db.columns(sql);
    expect(cols.get('name')).toEqual(rows.map((r) => r.name));
    await db.close();
  });
});
