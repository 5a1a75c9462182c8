/** The CLI as a user runs it: `npx mingjing parse|check FILE…` through bin/mingjing.mjs. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadFixtures, SHARED } from './support/fixtures';

const ROOT = resolve(__dirname, '..');
const run = (...args: string[]) => {
  const p = spawnSync(process.execPath, [join(ROOT, 'bin/mingjing.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: p.status, out: p.stdout, err: p.stderr };
};
const fixtures = loadFixtures();

describe('mingjing parse', () => {
  it('prints one contract record per file, in input order, and exits 0', () => {
    const files = fixtures.map((f) => f.path);
    const { code, out } = run('parse', ...files);
    expect(code).toBe(0);
    const records = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => r.source)).toEqual(files);
    for (const [i, r] of records.entries()) {
      expect(r.schema).toBe('mingjing.report/1');
      expect(r.kind).toBe(fixtures[i].expected.kind);
      expect(Array.isArray(r.findings)).toBe(true);
    }
    expect(records.find((r) => r.source.endsWith('003_869c2ba055e881c8.txt')).litigation_after_review).toEqual([
      0, 0, 0, 0, 4,
    ]);
  });

  it('exits non-zero with a message when a file cannot be opened, and still reads the others', () => {
    const good = fixtures[0].path;
    const { code, out, err } = run('parse', good, '/nonexistent/report.txt');
    expect(code).not.toBe(0);
    expect(err).toMatch(/report\.txt: 文件不存在/);
    const records = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(2);
    expect(records[0].kind).toBe('annual_report');
    expect(records[1]).toMatchObject({ kind: 'unreadable', reason: expect.stringMatching(/无法打开/) });
  });

  it('reads GBK and UTF-8-with-BOM text the same as UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mingjing-'));
    const fx = fixtures.find((f) => f.name === 'huaian-city-2024')!;
    writeFileSync(join(dir, 'gbk.txt'), iconv.encode(fx.text, 'gbk'));
    writeFileSync(join(dir, 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fx.text)]));
    const { code, out } = run('parse', '--no-cells', fx.path, join(dir, 'gbk.txt'), join(dir, 'bom.txt'));
    expect(code).toBe(0);
    const [utf8, gbk, bom] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const other of [gbk, bom]) {
      expect({ ...other, source: '' }).toEqual({ ...utf8, source: '' });
    }
  });

  it('says why an empty or binary file is unreadable, without failing the batch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mingjing-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'noise.txt'), Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)));
    const { code, out } = run('parse', join(dir, 'empty.txt'), join(dir, 'noise.txt'));
    expect(code).toBe(0);
    const [empty, noise] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(empty).toMatchObject({ kind: 'unreadable', reason: expect.stringMatching(/空的/) });
    expect(noise).toMatchObject({ kind: 'unreadable', reason: expect.stringMatching(/不是文字/) });
  });

  it('pretty-prints for people', () => {
    const { code, out } = run('parse', '--pretty', '--no-cells', join(SHARED, 'seeds/000_8077d3367313ca29.txt'));
    expect(code).toBe(0);
    expect(out).toMatch(/\n {2}"agency": "运城市人民政府办公室",\n/);
    expect(JSON.parse(out).cells).toBeUndefined();
  });

  it('--jobs N reads a batch on worker threads, in input order, with the same records', () => {
    const files = [
      ...fixtures.map((f) => f.path),
      '/nonexistent/x.txt',
      join(ROOT, 'data/reports/huaian-hongze-2023.pdf'),
    ];
    const serial = run('parse', '--no-cells', ...files);
    const parallel = run('parse', '--no-cells', '--jobs', '2', ...files);
    expect(parallel.code).toBe(1); // the missing file
    expect(parallel.out).toBe(serial.out);
    expect(parallel.out.trim().split('\n')).toHaveLength(files.length);
    expect(run('parse', '--jobs', '0', files[0]).code).toBe(2);
  });

  it('--jobs N prints what one thread prints, cells and `check` tables included', () => {
    const files = fixtures.slice(0, 6).map((f) => f.path);
    expect(run('parse', '--jobs', '3', ...files).out).toBe(run('parse', ...files).out);
    const check = run('check', ...files);
    expect(check.out).toMatch(/年度报告/);
    expect(run('check', '--jobs', '2', ...files).out).toBe(check.out);
  });

  it('rejects unknown options with usage', () => {
    const { code, err } = run('parse', '--frobnicate', fixtures[0].path);
    expect(code).toBe(2);
    expect(err).toMatch(/用法/);
  });
});

describe('mingjing check', () => {
  it('prints the findings as a readable Chinese table', () => {
    const { code, out } = run(
      'check',
      join(SHARED, 'real/huaian-hongze-2023.txt'),
      join(SHARED, 'seeds/000_8077d3367313ca29.txt'),
      join(SHARED, 'seeds/002_780c50781c104938.txt'),
    );
    expect(code).toBe(0);
    expect(out).toMatch(/单位 洪泽区人民政府/);
    expect(out).toMatch(/错误\s+review\.group_sum\s+表四“行政复议”：结果维持10 \+ 结果纠正1/);
    expect(out).toMatch(/000_8077d3367313ca29\.txt：年度报告[\s\S]*未发现问题/);
    expect(out).toMatch(/002_780c50781c104938\.txt：不是年度报告\n原因 .*工作要点/);
  });
});
