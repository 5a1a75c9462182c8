/** The real report fixtures in ../shared (read-only) and their hand-checked expectations. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export const SHARED = resolve(__dirname, '../../../shared/fixtures');

export interface Fixture {
  name: string;
  path: string;
  text: string;
  /** The hand-checked JSON as written: read field by field by each test, so typed loosely on purpose. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  expected: Record<string, any> & { kind: string };
}

export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of ['seeds', 'real']) {
    const d = join(SHARED, dir);
    for (const f of readdirSync(d)
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      const exp = join(d, f.replace(/\.txt$/, '.expected.json'));
      if (!existsSync(exp)) continue;
      out.push({
        name: basename(f, '.txt'),
        path: join(d, f),
        text: readFileSync(join(d, f), 'utf8'),
        expected: JSON.parse(readFileSync(exp, 'utf8')),
      });
    }
  }
  return out;
}

/** Every numeric field of the contract as path → value, for comparing records. */
export function flatValues(record: object): Map<string, unknown> {
  const r = record as { active?: object; requests?: object } & Partial<Record<string, unknown[]>>;
  const m = new Map<string, unknown>();
  for (const [k, v] of Object.entries(r.active ?? {})) m.set(`active.${k}`, v);
  for (const [k, row] of Object.entries(r.requests ?? {}) as [string, unknown[]][])
    row.forEach((v, i) => m.set(`requests.${k}[${i}]`, v));
  for (const g of ['review', 'litigation_direct', 'litigation_after_review'] as const)
    ((r[g] ?? []) as unknown[]).forEach((v, i) => m.set(`${g}[${i}]`, v));
  return m;
}
