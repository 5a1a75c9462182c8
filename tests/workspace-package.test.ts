/**
 * The workspace package (导出 → 完整数据包) as hostile input, in Node: packages
 * crafted here from a good export of the real reports, each with one thing
 * wrong — a wrong type at every level (manifest, workspace.jsonl, records.jsonl,
 * corrections.jsonl), a count "lots", a year {}, shadows 123, an id
 * `../../x`, a 6-cell row, a number too large to be finite, paths that climb
 * out, an oversize .jsonl, a zip bomb — are each refused whole, the message
 * naming the file, the line, the field and what was expected; the good
 * package still imports afterwards and the workspace logic works on it; an
 * export writes only safe paths, whatever the names and ids it is given.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { readReports } from '../src/lib/data/build';
import { nodeEnv } from '../src/lib/report/io/node';
import { readReportFileWithText } from '../src/lib/report/io/read';
import { PACKAGE_LIMITS } from '../src/lib/limits/package';
import type { ReportRecord } from '../src/lib/report/types';
import {
  exportBundle,
  exportCsvZip,
  exportOriginals,
  importBundle,
  isBundle,
  PackageError,
} from '../src/lib/workspace/bundle';
import { makeCorrection } from '../src/lib/workspace/corrections';
import { decide, mergeEntries, workspaceTables } from '../src/lib/workspace/decide';
import { isSafeZipPath, safeBaseName } from '../src/lib/workspace/names';
import { checkParsed, checkRecord, checkStoredEntry } from '../src/lib/workspace/schema';
import type { Correction, Entry } from '../src/lib/workspace/types';
import { entryOf } from './support/entries';

let records: ReportRecord[];
let texts: Map<ReportRecord, string>;
let entries: Entry[];
let corrections: Correction[];
let good: Uint8Array;

const original = (id: string) => Promise.resolve(new TextEncoder().encode(`original of ${id}`));

beforeAll(async () => {
  ({ records, texts } = await readReports(resolve(__dirname, '../data/reports')));
  entries = records.map((r, i) =>
    entryOf(r, texts.get(r) ?? null, {
      id: `w${i}`,
      name: `报告/${r.source}`,
      size: 100,
      hash: 'abc123',
      decision: i === 0 ? 'rejected' : 'accepted',
    }),
  );
  corrections = [makeCorrection(entries[1], 'review[4]', 7, '张三', '笔误', new Date('2026-02-01T00:00:00Z'))];
  good = await exportBundle(entries, corrections, original, new Date('2026-03-01T00:00:00Z'));
}, 120_000);

/** The good package with its parts changed: a text part replaced, or lines of a .jsonl rewritten. */
async function craft(
  change: (parts: Map<string, string | Uint8Array>) => unknown,
  names?: (zip: JSZip) => void,
): Promise<JSZip> {
  const src = await JSZip.loadAsync(good);
  const parts = new Map<string, string | Uint8Array>();
  for (const [name, f] of Object.entries(src.files)) if (!f.dir) parts.set(name, await f.async('uint8array'));
  await change(parts);
  const out = new JSZip();
  for (const [name, data] of parts) out.file(name, data);
  names?.(out);
  return JSZip.loadAsync(await out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}
const text = (v: string | Uint8Array | undefined) => (typeof v === 'string' ? v : new TextDecoder().decode(v));
/** Rewrite line `n` (0-based) of a .jsonl part with `f`. */
const line = (
  parts: Map<string, string | Uint8Array>,
  file: string,
  n: number,
  f: (o: Record<string, unknown>) => unknown,
) => {
  const lines = text(parts.get(file)).split('\n');
  lines[n] = typeof f === 'function' ? JSON.stringify(f(JSON.parse(lines[n]) as Record<string, unknown>)) : lines[n];
  parts.set(file, lines.join('\n'));
};
const refusal = async (zip: JSZip, limits = PACKAGE_LIMITS) => {
  const e = await importBundle(zip, limits).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, 'the package must be refused').toBeInstanceOf(PackageError);
  if (process.env.SHOW) console.log((e as Error).message);
  return (e as Error).message;
};

describe('a good package', () => {
  it('imports whole, and the workspace logic works on what it brings', async () => {
    const zip = await JSZip.loadAsync(good);
    expect(await isBundle(zip)).toBe(true);
    const back = await importBundle(zip);
    expect(back.entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(back.corrections).toEqual(corrections);
    expect(workspaceTables(back.entries, back.corrections)).toEqual(workspaceTables(entries, corrections));
    // Merged into a workspace that already holds one of its reports: that one waits for a decision.
    const here = [{ ...entries[2], id: 'mine1', decision: 'accepted' as const }];
    const m = mergeEntries(here, back.entries, []);
    expect(m.held.map((e) => e.id)).toEqual(['w2']);
    const all = [...here, ...m.fresh];
    const replaced = decide(all, [], { kind: 'replace', id: 'w2' });
    expect(replaced.map((e) => [e.id, e.decision])).toEqual([
      ['w2', 'accepted'],
      ['mine1', 'rejected'],
    ]);
    // What it brings is what IndexedDB would be asked to keep: each entry passes the check of a stored one.
    for (const e of back.entries) expect(checkStoredEntry(JSON.parse(JSON.stringify(e)))).toEqual(e);
  });
});

describe('the schema takes what the engine makes', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : /\.(txt|html|docx|pdf)$/.test(f) ? [p] : [];
    });
  it('every fixture in every rendition, and bad input, reads to a record the schema takes unchanged', async () => {
    const all = [...files(resolve(__dirname, 'fixtures')), ...files(resolve(__dirname, '../../shared/fixtures'))];
    expect(all.length).toBeGreaterThan(50);
    const inputs: [string, Uint8Array][] = [
      ...all.map((p): [string, Uint8Array] => [p, readFileSync(p)]),
      ['empty.txt', new Uint8Array()],
      ['random.pdf', Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)],
      ['not-a-report.txt', new TextEncoder().encode('关于印发2024年工作要点的通知')],
    ];
    for (const [name, bytes] of inputs) {
      const { record, text } = await readReportFileWithText(bytes, name.split('/').pop()!, nodeEnv);
      const plain = JSON.parse(JSON.stringify(record));
      expect(checkRecord(plain), name).toEqual(plain);
      expect(checkParsed(plain, text).ok, name).toBe(true);
    }
  }, 300_000);

  it('a title with a year no report has is no year (meta.year_unknown, a reading problem), and the record is stored', async () => {
    const { record, text } = await readReportFileWithText(
      new TextEncoder().encode(texts.get(records[0])!.replace(/2021 ?年/, '9999年')),
      'x.txt',
      nodeEnv,
    );
    expect(record.year).not.toBe(9999);
    if (record.year === null)
      expect(record.findings).toContainEqual(expect.objectContaining({ rule: 'meta.year_unknown', origin: 'reading' }));
    expect(checkParsed(record, text)).toMatchObject({ ok: true });
  });
});

describe('a crafted package is refused whole, naming file, line and field', () => {
  const cases: [string, (p: Map<string, string | Uint8Array>) => void, RegExp][] = [
    [
      'shadows: 123',
      (p) => line(p, 'workspace.jsonl', 2, (o) => ({ ...o, shadows: 123 })),
      /workspace\.jsonl 第 3 行，字段 shadows：应为文本（至多 1024 个字符）或 null，实际为数字 123/,
    ],
    [
      'year: {}',
      (p) => line(p, 'records.jsonl', 1, (o) => ({ ...o, year: {} })),
      /records\.jsonl 第 2 行，字段 record\.year：应为 2000–2100 之间的整数或 null，实际为对象/,
    ],
    [
      'a year out of range',
      (p) => line(p, 'records.jsonl', 0, (o) => ({ ...o, year: 20210 })),
      /records\.jsonl 第 1 行，字段 record\.year：应为 2000–2100 之间的整数或 null，实际为数字 20210/,
    ],
    [
      'a count "lots" in the manifest',
      (p) => p.set('manifest.json', JSON.stringify({ ...JSON.parse(text(p.get('manifest.json'))), files: 'lots' })),
      /manifest\.json，字段 files：应为非负整数，实际为文本 "lots"/,
    ],
    [
      'a size "lots"',
      (p) => line(p, 'workspace.jsonl', 0, (o) => ({ ...o, size: 'lots' })),
      /workspace\.jsonl 第 1 行，字段 size：应为非负整数，实际为文本 "lots"/,
    ],
    [
      'a cell "lots"',
      (p) =>
        line(p, 'records.jsonl', 3, (o) => ({
          ...o,
          requests: { ...(o.requests as object), granted: [1, 2, 'lots', 4, 5, 6, 7] },
        })),
      /records\.jsonl 第 4 行，字段 record\.requests\.granted\[2\]：应为数字（有限值）或 null（空白），实际为文本 "lots"/,
    ],
    [
      'a negative count in the manifest',
      (p) => p.set('manifest.json', JSON.stringify({ ...JSON.parse(text(p.get('manifest.json'))), corrections: -1 })),
      /manifest\.json，字段 corrections：应为非负整数/,
    ],
    [
      'an id ../../x',
      (p) => line(p, 'workspace.jsonl', 1, (o) => ({ ...o, id: '../../x' })),
      /workspace\.jsonl 第 2 行，字段 id：应为编号（1–64 个字母、数字、_ 或 -），实际为文本 "\.\.\/\.\.\/x"/,
    ],
    [
      "the tester's zip-slip id",
      (p) =>
        line(p, 'workspace.jsonl', 1, (o) => ({
          ...o,
          id: '../../../../tmp/zipslip',
          text_file: 'texts/../../../../tmp/zipslip.txt',
        })),
      /workspace\.jsonl 第 2 行，字段 id：应为编号/,
    ],
    [
      'a row of 6 cells',
      (p) =>
        line(p, 'records.jsonl', 2, (o) => ({
          ...o,
          requests: { ...(o.requests as object), granted: [1, 2, 3, 4, 5, 6] },
        })),
      /records\.jsonl 第 3 行，字段 record\.requests\.granted：应为 7 个单元格的数组，实际为含 6 项的数组/,
    ],
    [
      'a review group of 4',
      (p) => line(p, 'records.jsonl', 2, (o) => ({ ...o, review: [0, 0, 0, 0] })),
      /字段 record\.review：应为 5 个单元格的数组/,
    ],
    [
      'an unknown row',
      (p) =>
        line(p, 'records.jsonl', 2, (o) => ({
          ...o,
          requests: { ...(o.requests as object), secret_row: [1, 2, 3, 4, 5, 6, 7] },
        })),
      /字段 record\.requests\.secret_row：应为表三的行/,
    ],
    [
      'a number that is not finite (1e999)',
      (p) => {
        const lines = text(p.get('records.jsonl')).split('\n');
        lines[0] = lines[0].replace(/"processing_fee_yuan":[^,]+/, '"processing_fee_yuan":1e999');
        p.set('records.jsonl', lines.join('\n'));
      },
      /records\.jsonl 第 1 行，字段 record\.processing_fee_yuan：应为数字（有限值）或 null（空白），实际为数字 Infinity/,
    ],
    [
      'a finding of severity "fatal"',
      (p) =>
        line(p, 'records.jsonl', 7, (o) => ({
          ...o,
          findings: [{ rule: 'requests.row_sum', severity: 'fatal', origin: 'report', message: 'x', cells: [] }],
        })),
      /records\.jsonl 第 8 行，字段 record\.findings\[0\]\.severity：应为 "error"、"warning"、"info" 之一，实际为文本 "fatal"/,
    ],
    [
      'a finding of origin "nobody"',
      (p) =>
        line(p, 'records.jsonl', 7, (o) => ({
          ...o,
          findings: [{ rule: 'requests.row_sum', severity: 'error', origin: 'nobody', message: 'x', cells: [] }],
        })),
      /字段 record\.findings\[0\]\.origin：应为 "report"、"reading" 之一/,
    ],
    [
      'a finding whose cells are not a list',
      (p) =>
        line(p, 'records.jsonl', 7, (o) => ({
          ...o,
          findings: [
            { rule: 'requests.row_sum', severity: 'error', origin: 'report', message: 'x', cells: 'requests' },
          ],
        })),
      /字段 record\.findings\[0\]\.cells：应为数组/,
    ],
    [
      'a kind from nowhere',
      (p) => line(p, 'records.jsonl', 0, (o) => ({ ...o, kind: 'virus' })),
      /字段 record\.kind：应为 "annual_report"、"not_annual_report"、"unreadable" 之一/,
    ],
    [
      'a field the format does not have',
      (p) => line(p, 'records.jsonl', 0, (o) => ({ ...o, __proto__x: 1 })),
      /字段 record\.__proto__x：应为不存在/,
    ],
    [
      'a decision from nowhere',
      (p) => line(p, 'workspace.jsonl', 0, (o) => ({ ...o, decision: 'approved' })),
      /workspace\.jsonl 第 1 行，字段 decision：应为 "undecided"、"accepted"、"rejected"、"version" 之一/,
    ],
    [
      'a record_line past the records',
      (p) => line(p, 'workspace.jsonl', 0, (o) => ({ ...o, record_line: 99 })),
      /字段 record_line：应为 0–7 之间的整数，实际为数字 99/,
    ],
    [
      'a text file elsewhere',
      (p) => line(p, 'workspace.jsonl', 0, (o) => ({ ...o, text_file: 'manifest.json' })),
      /字段 text_file：应为 "texts\/w0\.txt" 或 null/,
    ],
    [
      'an original that climbs out',
      (p) => line(p, 'workspace.jsonl', 0, (o) => ({ ...o, original: 'originals/w0/../../manifest.json' })),
      /字段 original：应为 "originals\/w0\/<文件名>"/,
    ],
    [
      'a name with a control character',
      (p) => line(p, 'workspace.jsonl', 0, (o) => ({ ...o, name: 'a\u0000b.pdf' })),
      /字段 name：应为一行文本/,
    ],
    [
      'two files with one id',
      (p) =>
        line(p, 'workspace.jsonl', 1, (o) => ({
          ...o,
          id: 'w0',
          text_file: 'texts/w0.txt',
          original: 'originals/w0/x.txt',
        })),
      /workspace\.jsonl 第 2 行，字段 id：应在数据包中唯一/,
    ],
    [
      'a correction of a cell the report does not print',
      (p) => line(p, 'corrections.jsonl', 0, (o) => ({ ...o, cell: 'requests.granted[9]' })),
      /corrections\.jsonl 第 1 行，字段 cell：应为此报告的表格中存在的单元格/,
    ],
    [
      'a correction of a file not in the package',
      (p) => line(p, 'corrections.jsonl', 0, (o) => ({ ...o, entryId: 'nobody' })),
      /corrections\.jsonl 第 1 行，字段 entryId：应为数据包中某个文件的编号/,
    ],
    [
      'a correction value "lots"',
      (p) => line(p, 'corrections.jsonl', 0, (o) => ({ ...o, value: 'lots' })),
      /corrections\.jsonl 第 1 行，字段 value：应为数字（有限值）或 null（空白），实际为文本 "lots"/,
    ],
    [
      'a correction at no time',
      (p) => line(p, 'corrections.jsonl', 0, (o) => ({ ...o, at: 'yesterday' })),
      /corrections\.jsonl 第 1 行，字段 at：应为 ISO 8601 时间/,
    ],
    [
      'a manifest that miscounts',
      (p) => p.set('manifest.json', JSON.stringify({ ...JSON.parse(text(p.get('manifest.json'))), files: 2 })),
      /manifest\.json，字段 files：应为 workspace\.jsonl 的文件数 8，实际为 2/,
    ],
    [
      'a line that is not JSON',
      (p) => p.set('workspace.jsonl', `${text(p.get('workspace.jsonl'))}{"id": \n`),
      /workspace\.jsonl 第 9 行不是有效的 JSON/,
    ],
    [
      'a line that is not an object',
      (p) => line(p, 'workspace.jsonl', 0, () => [1, 2, 3]),
      /workspace\.jsonl 第 1 行，整行：应为对象，实际为含 3 项的数组/,
    ],
    [
      'a .jsonl that is not UTF-8',
      (p) => p.set('corrections.jsonl', new Uint8Array([0xff, 0xfe, 0x7b, 0x7d, 0x0a])),
      /corrections\.jsonl 第 1 行不是 UTF-8 文本/,
    ],
    ['a missing part', (p) => p.delete('records.jsonl'), /数据包不完整：缺少 records\.jsonl/],
    ['a missing text', (p) => p.delete('texts/w3.txt'), /缺少 texts\/w3\.txt（workspace\.jsonl 第 4 行）/],
  ];
  it.each(cases)('%s', async (_, change, message) => {
    expect(await refusal(await craft(change))).toMatch(message);
  });

  it('a zip entry whose name climbs out of the folder', async () => {
    const zip = await craft(
      () => undefined,
      (z) => z.file('../../../../tmp/zipslip', 'x'),
    );
    expect(await refusal(zip)).toMatch(/路径不安全的文件 "\.\.\/\.\.\/\.\.\/\.\.\/tmp\/zipslip"/);
  });

  it('an oversize .jsonl is stopped at its limit while it inflates', async () => {
    const zip = await craft((p) =>
      p.set('workspace.jsonl', `${text(p.get('workspace.jsonl'))}${' '.repeat(PACKAGE_LIMITS.listBytes)}\n`),
    );
    const t = performance.now();
    expect(await refusal(zip)).toMatch(/“workspace\.jsonl”解压后超过 64 MiB/);
    expect(performance.now() - t).toBeLessThan(10_000);
  });

  it('a line over its limit is refused with its number', async () => {
    const zip = await craft((p) =>
      line(p, 'records.jsonl', 0, (o) => ({ ...o, reason: 'x'.repeat(PACKAGE_LIMITS.lineBytes) })),
    );
    expect(await refusal(zip)).toMatch(/records\.jsonl 第 1 行超过 4 MiB/);
  });

  it('a zip bomb in a text is stopped at the text limit, without inflating the rest', async () => {
    const zip = await craft((p) => p.set('texts/w1.txt', new Uint8Array(PACKAGE_LIMITS.textBytes + 2 ** 20)));
    const t = performance.now();
    expect(await refusal(zip)).toMatch(/“texts\/w1\.txt”解压后超过 64 MiB/);
    expect(performance.now() - t).toBeLessThan(10_000);
  });

  it('the whole package is held to a total, whatever each part is', async () => {
    const zip = await JSZip.loadAsync(good);
    expect(await refusal(zip, { ...PACKAGE_LIMITS, totalBytes: 100_000 })).toMatch(/数据包解压后的总大小超过上限/);
  });

  it('a manifest.json too large to be ours is still taken for a package, and refused', async () => {
    const zip = await craft((p) =>
      p.set('manifest.json', `{"format":"mingjing.workspace/1","x":"${'a'.repeat(PACKAGE_LIMITS.manifestBytes)}"}`),
    );
    expect(await isBundle(zip)).toBe(true);
    expect(await refusal(zip)).toMatch(/“manifest\.json”解压后超过 64 KiB|manifest\.json”解压后超过/);
  });

  it('after every refusal the good package still imports', async () => {
    const back = await importBundle(await JSZip.loadAsync(good));
    expect(back.entries).toHaveLength(entries.length);
  });
});

describe('exports write only safe paths', () => {
  const NASTY = [
    '../../../../tmp/zipslip.pdf',
    'C:\\Windows\\system32\\x.docx',
    'a/b/../../c.txt',
    '..',
    '.hidden',
    'CON.txt',
    'nul',
    'report\u202egnp.pdf',
    'tab\there.txt',
    'new\nline.txt',
    'zero\u200bwidth.txt',
    'x'.repeat(300) + '.pdf',
    '报告<>:"|?*.pdf',
    '',
  ];

  /** Every name a zip holds, raw, as its central directory states it (before any reader tidies it). */
  async function zipNames(bytes: Uint8Array): Promise<string[]> {
    const zip = await JSZip.loadAsync(bytes);
    return Object.values(zip.files).map(
      (f) => (f as JSZip.JSZipObject & { unsafeOriginalName?: string }).unsafeOriginalName ?? f.name,
    );
  }

  it('names as dropped become one harmless segment', () => {
    for (const n of NASTY) {
      const s = safeBaseName(n);
      expect(s, n).not.toMatch(/[\\/\u0000-\u001f\u202e\u200b]/);
      expect(s.startsWith('.'), n).toBe(false);
      expect([...s].length).toBeLessThanOrEqual(120);
      expect(isSafeZipPath(`originals/w1/${s}`), n).toBe(true);
    }
    expect(safeBaseName('报告/2021/运城市.pdf')).toBe('运城市.pdf');
    expect(safeBaseName('CON.txt')).toBe('_CON.txt');
    expect(safeBaseName('x'.repeat(300) + '.pdf').endsWith('.pdf')).toBe(true);
  });

  it('a package, the CSV and the originals exported after an import: every name in every zip is safe', async () => {
    const back = await importBundle(await JSZip.loadAsync(good));
    const crafted = back.entries.map((e, i) => ({ ...e, name: NASTY[i % NASTY.length] }));
    for (const bytes of [
      await exportBundle(crafted, back.corrections, original),
      await exportOriginals(crafted, original),
      await exportCsvZip(crafted, back.corrections),
    ]) {
      const names = await zipNames(bytes);
      expect(names.length).toBeGreaterThan(0);
      for (const n of names) {
        expect(isSafeZipPath(n), n).toBe(true);
        expect(n, n).not.toMatch(/\.\.|\\|[\u0000-\u001f]/);
      }
    }
    // And it imports again.
    const again = await importBundle(await JSZip.loadAsync(await exportBundle(crafted, back.corrections, original)));
    expect(again.entries.map((e) => e.name)).toEqual(crafted.map((e) => e.name));
  });

  it('an unsafe id is never written: the export stops and says which file', async () => {
    const bad = [{ ...entries[1], id: '../../../../tmp/zipslip' }];
    await expect(exportBundle(bad, [], original)).rejects.toThrow(
      /编号 "\.\.\/\.\.\/\.\.\/\.\.\/tmp\/zipslip" 不是安全的名称，未导出/,
    );
    await expect(exportOriginals(bad, original)).rejects.toThrow(PackageError);
  });

  it('an export another Mingjing would refuse is not written', async () => {
    await expect(
      exportBundle(entries, corrections, original, new Date(), { ...PACKAGE_LIMITS, files: 3 }),
    ).rejects.toThrow(/有 8 个文件，超过上限 3 个.*另一台明镜将无法导入/);
    const big = async () => new Uint8Array(2000);
    await expect(
      exportBundle(entries, corrections, big, new Date(), { ...PACKAGE_LIMITS, originalBytes: 1000 }),
    ).rejects.toThrow(/原始文件“报告\/.*”有 2 KiB，超过单个文件的上限 1000 B/);
  });
});
