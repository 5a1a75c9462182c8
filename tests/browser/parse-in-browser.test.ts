/**
 * The file reader runs in the browser, in a Web Worker, and gives the same
 * JSON as in Node. We serve the production build (build/, made by
 * `vite build` in scripts/test.sh) from 127.0.0.1, open /dev/parse in
 * Debian's Chromium, hand it the PDF and DOCX fixtures, and compare every
 * record with readReportFile() run here in Node on the same bytes.
 *
 * Also checked: the page fetches nothing from any other origin (pdfjs and
 * mammoth come from our build) and logs no errors.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReportFile } from '../../src/lib/report/io/read';
import { nodeEnv } from '../../src/lib/report/io/node';
import { REPORTS, ROOT, SHOTS, useApp } from '../support/app';
import { cjkNonEmbeddedPdf } from '../support/pdf';

interface Input {
  name: string;
  buffer: Buffer;
  mimeType: string;
  /** A damaged file, made here: it must come out `unreadable`, with the same reason as in Node. */
  broken?: boolean;
}

/** Every real PDF in data/reports, plus the PDF and DOCX renditions of the fixtures when present. */
function inputs(): Input[] {
  const pick = (dir: string, ext: string, mimeType: string): Input[] =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.toLowerCase().endsWith(ext))
          .sort()
          .map((f) => ({ name: f, buffer: readFileSync(join(dir, f)), mimeType }))
      : [];
  const pdf = 'application/pdf';
  const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const real = [
    ...pick(REPORTS, '.pdf', pdf),
    ...pick(join(ROOT, 'tests/fixtures/pdf'), '.pdf', pdf),
    ...pick(join(ROOT, 'tests/fixtures/docx'), '.docx', docx),
  ];
  // The error paths too: a truncated PDF and a zip that is not a Word file.
  const broken: Input[] = [
    { name: '截断.pdf', buffer: real[0].buffer.subarray(0, 5000), mimeType: pdf, broken: true },
    { name: '损坏.docx', buffer: Buffer.from('PK\u0003\u0004 not a zip'), mimeType: docx, broken: true },
    // Chinese in a font the PDF does not embed: readable only with pdfjs's CMaps from our origin.
    {
      name: '未嵌入字体.pdf',
      buffer: Buffer.from(cjkNonEmbeddedPdf(['洪泽区人民政府', '2023年政府信息公开工作年度报告'])),
      mimeType: pdf,
      broken: true,
    },
  ];
  return [...real, ...broken];
}

describe('file reading in the browser worker (Chromium)', () => {
  const app = useApp({ needs: 'dev/parse.html', viewport: { width: 1100, height: 900 } });

  it('parses every PDF and DOCX fixture to the same JSON as Node, offline', { timeout: 300_000 }, async () => {
    const files = inputs();
    expect(files.filter((f) => f.name.endsWith('.pdf')).length).toBeGreaterThanOrEqual(3);

    // The reference: the same bytes and name through the Node env.
    const expected: unknown[] = [];
    for (const f of files) {
      const record = await readReportFile(new Uint8Array(f.buffer), f.name, nodeEnv);
      expected.push(JSON.parse(JSON.stringify(record)));
    }

    const { origin, served, errors } = app;
    const page = await app.newPage();
    // The app's context sees the requests of the page's (nested) workers too; their console errors are collected here.
    const workers: string[] = [];
    page.on('worker', (w) => {
      workers.push(w.url());
      w.on('console', (m) => m.type() === 'error' && errors.push(`worker ${w.url()}: ${m.text()}`));
    });

    await page.goto(`${origin}/dev/parse`);
    await page.locator('#files[data-hydrated="true"]').waitFor();

    const t0 = Date.now();
    await page.setInputFiles(
      '#files',
      files.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })),
    );
    await page.locator('#results[data-state="done"]').waitFor({ timeout: 240_000 });
    const browserMs = Date.now() - t0;

    await page.screenshot({ path: join(SHOTS, 'dev-parse.png'), fullPage: false });

    const results = JSON.parse((await page.locator('#results').textContent()) ?? '[]') as {
      name: string;
      record: unknown;
      error: string | null;
    }[];
    console.log(`browser parsed ${files.length} files in ${browserMs} ms`);

    expect(results.map((r) => r.name)).toEqual(files.map((f) => f.name));
    results.forEach((r, i) => {
      expect(r.error, r.name).toBeNull();
      expect(r.record, r.name).toEqual(expected[i]);
      // Equal but both unreadable would prove nothing: every fixture has a text layer.
      // (002_* is a work plan, so `not_annual_report` is a correct reading.)
      const kind = (r.record as { kind: string }).kind;
      if (files[i].broken) expect(kind, r.name).toBe('unreadable');
      else expect(kind, r.name).not.toBe('unreadable');
    });

    // The CMap-only PDF was read (its title found), not taken for a scan.
    const song = results.find((r) => r.name === '未嵌入字体.pdf')!.record as { reason: string };
    expect(song.reason).toMatch(/标题是政府信息公开工作年度报告/);
    expect(served.some((p) => p.startsWith('/pdfjs/cmaps/'))).toBe(true);

    expect(app.requests.length).toBeGreaterThan(0);
    expect(app.offOrigin()).toEqual([]);
    // pdfjs ran in its own (nested) worker, loaded from our build — not on the parse worker's thread.
    expect(served.some((p) => /\/pdf\.worker[^/]*\.mjs$/.test(p))).toBe(true);
    expect(
      workers.some((u) => u.startsWith(`${origin}/`) && /\/pdf\.worker[^/]*\.mjs$/.test(u)),
      workers.join(', '),
    ).toBe(true);
    expect(errors).toEqual([]);
  });
});
