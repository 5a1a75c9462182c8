/**
 * Exports never carry a formula (src/lib/export/table.ts):
 *
 * - CSV: a text cell that starts with = + - @, TAB or CR (and ＝ ＋ － ＠) is
 *   written with a ' in front, header labels too; a JS number never is (-5
 *   stays -5), the text "-5" is; a round trip through an independent CSV
 *   parser (d3-dsv) gives the ' back; every CSV the app writes goes through
 *   toCsv (the sources are read to check it), and the open-data zip's CSVs
 *   built from DuckDB rows with a hostile agency name carry the ' too.
 * - XLSX: a text cell is a plain string to exceljs (no formula in the sheet
 *   XML), the sheet of the ranking export named after a covariate header
 *   (人口/万人) opens, and every sheet name Excel forbids is made safe.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { csvParseRows } from 'd3';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { toArrowIPC } from '../src/lib/data/arrow';
import { buildOpenData } from '../src/lib/data/open-data';
import type { DataVersion } from '../src/lib/data/version';
import { metricViews } from '../src/lib/metrics/sql';
import { createNodeDb } from '../src/lib/db/node';
import {
  csvCell,
  neutraliseCell,
  safeFileName,
  safeSheetName,
  toCsv,
  toXlsx,
  type ExportRow,
} from '../src/lib/export/table';

const ROOT = resolve(__dirname, '..');
const HOSTILE = [
  "=cmd|' /C calc'!A0",
  '+1+2',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(A1)',
  '=HYPERLINK("http://x","y")',
];
const parse = (csv: string) =>
  csvParseRows(
    csv
      .replace(/^\ufeff/, '')
      .replace(/\r\n$/, '')
      .replace(/\r\n/g, '\n'),
  );

describe('CSV: no cell is a formula', () => {
  it("puts a ' before every text that starts with = + - @ TAB CR (and their full-width forms), and before nothing else", () => {
    for (const s of HOSTILE) expect(neutraliseCell(s), JSON.stringify(s)).toBe(`'${s}`);
    for (const s of [
      '淮安市人民政府',
      'a=1',
      ' =1',
      "'=1",
      '',
      '1-2',
      '2024-03-01',
      '0',
      'x@y.cn',
      '（一）予以公开',
      '—',
    ])
      expect(neutraliseCell(s), JSON.stringify(s)).toBe(s);
  });

  it('leaves JS numbers and booleans alone (-5 stays -5); the text "-5" gets its \'', () => {
    expect([
      csvCell(-5),
      csvCell(-0.25),
      csvCell(0),
      csvCell(1.5),
      csvCell(true),
      csvCell(null),
      csvCell(undefined),
    ]).toEqual(['-5', '-0.25', '0', '1.5', 'true', '', '']);
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('+86')).toBe("'+86");
  });

  it("round trip through a CSV parser: every hostile text comes back with its ' in front, labels too; numbers come back as they were", () => {
    const columns = [
      { key: 'agency', label: '=单位' },
      { key: 'file', label: '文件' },
      { key: 'n', label: '-n' },
    ];
    const rows: ExportRow[] = HOSTILE.map((s, i) => ({ agency: s, file: `${s}.pdf`, n: -i }));
    const csv = toCsv(columns, rows);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const back = parse(csv);
    expect(back[0]).toEqual(["'=单位", '文件', "'-n"]);
    expect(back.slice(1)).toEqual(HOSTILE.map((s, i) => [`'${s}`, `'${s}.pdf`, String(-i)]));
    // No line of the file starts a cell with a formula character: each cell starts with ' or a safe character.
    for (const row of back) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+@\t\r\uff1d\uff0b\uff20]|^-\D/);
  });

  it('every CSV the app writes goes through toCsv (no other CSV writer in src/)', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|svelte)$/.test(n)) files.push(p);
      }
    };
    walk(join(ROOT, 'src'));
    const writers: string[] = [];
    for (const f of files) {
      const lines = readFileSync(f, 'utf8').split('\n');
      lines.forEach((l, i) => {
        // A .csv file put in a zip or handed to a download, or a text/csv blob.
        if (!/(zip\.file\(|download\(|new Blob\().*(\.csv|text\/csv)/.test(l) || /^\s*(\*|\/\/)/.test(l)) return;
        const statement = lines.slice(Math.max(0, i - 2), i + 4).join('\n');
        writers.push(`${f.slice(ROOT.length + 1)}:${i + 1}`);
        expect(statement, `${f}:${i + 1}`).toMatch(/\b(toCsv|tableCsv)\(/);
      });
    }
    // The writers we know of are among those found (the check above is not vacuous).
    expect(writers.some((w) => w.startsWith('src/lib/data/open-data.ts'))).toBe(true);
    expect(writers.some((w) => w.startsWith('src/lib/export/TableExport.svelte'))).toBe(true);
    expect(writers.some((w) => w.startsWith('src/lib/workspace/bundle.ts'))).toBe(true);
  });

  it("the open-data zip: a hostile agency name from DuckDB comes out with its ' in every CSV row, and as it was in JSON lines", async () => {
    const db = await createNodeDb();
    const empty = (await import('../src/lib/db/types')).TABLES;
    const report = {
      report_id: 'x-2024',
      source: '+x.pdf',
      dataset: 'mine',
      agency: "=cmd|' /C calc'!A0",
      agency_id: '@id',
      region: '-地区',
      region_code: null,
      level: '县',
      year: 2024,
      format: '2021',
      published: null,
      processing_fee_yuan: -5,
      n_errors: 0,
      n_warnings: 0,
      n_info: 0,
      n_reading: 1,
    };
    for (const name of empty) await db.loadArrow(name, toArrowIPC(name, (name === 'reports' ? [report] : []) as never));
    for (const sql of metricViews()) await db.query(sql);
    const version: DataVersion = {
      version: 'v',
      choice: 'mine',
      synthetic: false,
      embedded: 'v',
      mine: { reports: 1, digest: 'd' },
      syntheticOptions: null,
    };
    const { bytes } = await buildOpenData(db, { version, formats: ['csv', 'jsonl'] });
    const zip = await JSZip.loadAsync(bytes);
    const csv = parse(await zip.file('csv/reports.csv')!.async('string'));
    const col = (k: string) => csv[0].indexOf(k);
    expect(csv[1][col('agency')]).toBe("'=cmd|' /C calc'!A0");
    expect(csv[1][col('year')]).toBe('2024');
    for (const k of ['source', 'agency_id', 'region'] as const) expect(csv[1][col(k)], k).toBe(`'${report[k]}`);
    expect(csv[1][col('processing_fee_yuan')]).toBe('-5');
    const jsonl = JSON.parse((await zip.file('jsonl/reports.jsonl')!.async('string')).trim());
    expect(jsonl.agency).toBe("=cmd|' /C calc'!A0");
    await db.close();
  });
});

describe('XLSX: strings stay strings, every sheet name opens', () => {
  it('a text =1+2 is a string cell, never a formula; numbers stay numbers', async () => {
    const bytes = await toXlsx(
      '测试',
      [
        { key: 'a', label: '=标题' },
        { key: 'n', label: 'n' },
      ],
      [
        { a: '=1+2', n: -5 },
        { a: "=cmd|' /C calc'!A0", n: 3 },
      ],
      '=note',
    );
    const zip = await JSZip.loadAsync(bytes);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).not.toMatch(/<f[ >]/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('=标题');
    expect(ws.getCell('A2').value).toBe('=1+2');
    expect(ws.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('A3').value).toBe("=cmd|' /C calc'!A0");
    expect(ws.getCell('B2').value).toBe(-5);
    expect(ws.getCell('A5').value).toBe('=note');
  });

  it('the ranking export named after a covariate header 人口/万人 writes and opens', async () => {
    const level = '市',
      year = 2024,
      cov = '人口/万人';
    const filename = `排名_${level}_${year}_每${cov}`;
    const bytes = await toXlsx(
      filename,
      [
        { key: 'agency', label: '单位' },
        { key: 'cov', label: cov },
      ],
      [{ agency: '淮安市人民政府', cov: 455.3 }],
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(wb.worksheets[0].name).toBe('排名_市_2024_每人口_万人');
    expect(wb.worksheets[0].getCell('B1').value).toBe('人口/万人');
    expect(safeFileName(filename)).toBe('排名_市_2024_每人口_万人');
  });

  it('makes every name Excel forbids safe: \\ / ? * [ ] :, over 31 characters, blank, quotes at the ends, History, duplicates', async () => {
    const taken = new Set<string>();
    const names = [
      'a\\b/c?d*e[f]g:h',
      '人'.repeat(40),
      '',
      '   ',
      "'引号'",
      'History',
      'history',
      '同名',
      '同名',
      '同名',
      '\u0000控制\u001f',
      '🙂'.repeat(40),
      `${'长'.repeat(31)}`,
      `${'长'.repeat(31)}`,
    ];
    const out = names.map((n) => safeSheetName(n, taken));
    expect(out.slice(0, 7)).toEqual([
      'a_b_c_d_e_f_g_h',
      '人'.repeat(31),
      '工作表',
      '工作表_2',
      '引号',
      'History_',
      'history__2',
    ]);
    expect(out.slice(7, 10)).toEqual(['同名', '同名_2', '同名_3']);
    expect(out[10]).toBe('控制');
    expect(out[11]).toBe('🙂'.repeat(15)); // 31 UTF-16 units at most, never half a character
    expect(out[13]).toBe(`${'长'.repeat(29)}_2`);
    expect(new Set(out.map((n) => n.toLowerCase())).size).toBe(out.length);
    // exceljs (as Excel) takes every one of them in one workbook.
    const wb = new ExcelJS.Workbook();
    for (const n of out) {
      expect(n.length).toBeGreaterThan(0);
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[\\/?*[\]:]|^'|'$/);
      wb.addWorksheet(n);
    }
    expect(wb.worksheets.map((w) => w.name)).toEqual(out);
  });
});
