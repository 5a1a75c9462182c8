/**
 * The CLI on hostile and unlucky input, as a user runs it (bin/mingjing.mjs):
 * - good reports around a FIFO, /dev/zero, a socket, a DOCX whose
 *   document.xml inflates to 300 MB, a PDF that lists one page 200,000 times
 *   and a 1.5 GB zero-filled “.pdf” — with --jobs 1 and 2 every good file's
 *   record is printed, in input order, every bad one with its reason, in
 *   bounded time and memory;
 * - a file that takes too long is stopped at --timeout and named; the files
 *   queued behind it are read; a scan is timed per page its OCR reads;
 * - GBK and Latin-1 file names (argv arrives as UTF-8 with U+FFFD), folders;
 * - `check` and `--pretty` print no control character from a report.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  ftruncateSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxBomb, pageRepeatingPdf } from './support/hostile';
import { loadFixtures } from './support/fixtures';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin/mingjing.mjs');
const reports = loadFixtures().filter((f) => f.expected.kind === 'annual_report');
const good = (k: number) => reports[k].path;

interface Run {
  code: number | null;
  out: string;
  err: string;
  ms: number;
  peakMiB: number;
}

/**
 * Run the CLI; `argv` may hold raw bytes (a Buffer), which go through bash so
 * they reach the process as they are. The peak resident memory is the kernel's
 * high-water mark (VmHWM), read while it runs.
 */
function run(argv: (string | Buffer)[], timeoutMs = 120_000): Promise<Run> {
  const raw = argv.some((a) => Buffer.isBuffer(a));
  // Raw bytes: each argument as a $'\xNN' word of bash, which passes bytes through.
  const cmd = raw
    ? ([
        'bash',
        [
          '-c',
          `exec ${[process.execPath, BIN, ...argv].map((a) => `$'${[...Buffer.from(a as string)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}'`).join(' ')}`,
        ],
      ] as const)
    : ([process.execPath, [BIN, ...(argv as string[])]] as const);
  return new Promise((done, fail) => {
    const t = performance.now();
    const p = spawn(cmd[0], [...cmd[1]], { cwd: ROOT });
    let out = '';
    let err = '';
    let peak = 0;
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb / 1024);
      } catch {
        /* gone */
      }
    }, 50);
    const kill = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', fail);
    p.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(kill);
      done({ code, out, err, ms: performance.now() - t, peakMiB: peak });
    });
  });
}
const records = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { source: string; kind: string; reason?: string; [k: string]: unknown });

let dir = '';
let socketServer: Server | undefined;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mingjing-limits-'));
  execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
  writeFileSync(join(dir, 'bomb.docx'), docxBomb(300));
  writeFileSync(join(dir, 'pages.pdf'), pageRepeatingPdf(200_000));
  // 1.5 GB of zeros that take no disk: a sparse file.
  const fd = openSync(join(dir, 'zeros.pdf'), 'w');
  ftruncateSync(fd, 1.5e9);
  closeSync(fd);
  socketServer = createServer();
  await new Promise<void>((ok) => socketServer!.listen(join(dir, 'socket.txt'), ok));
  // A PDF under every cap that takes long: 500 pages (one page object listed 500 times) of 5,000 numbers each.
  const items: string[] = [];
  for (let r = 0; r < 100; r++)
    for (let c = 0; c < 50; c++) items.push(`BT /F1 6 Tf ${20 + c * 11} ${800 - r * 7.5} Td (${(r * c) % 97}) Tj ET`);
  writeFileSync(join(dir, 'slow.pdf'), pageRepeatingPdf(500, items.join('\n')));
});
afterAll(async () => {
  await new Promise((ok) => (socketServer ? socketServer.close(ok) : ok(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a batch with hostile files in it', () => {
  const bad = () =>
    [
      [join(dir, 'pipe.txt'), /无法打开文件：这是一个命名管道（FIFO），不是普通文件/],
      ['/dev/zero', /无法打开文件：这是一个字符设备/],
      [join(dir, 'socket.txt'), /无法打开文件：这是一个套接字（socket）/],
      [join(dir, 'bomb.docx'), /Word文件“bomb\.docx”中的“word\/document\.xml”解压后超过 32 MiB/],
      [join(dir, 'pages.pdf'), /PDF“pages\.pdf”有 200000 页，超过上限 500 页/],
      [join(dir, 'zeros.pdf'), /文件扩展名是 \.pdf，但内容不是PDF/],
    ] as const;

  for (const jobs of ['2', '1']) {
    it(
      `--jobs ${jobs}: every good file's record in input order, every bad one with its reason, in bounded time and memory`,
      { timeout: 120_000 },
      async () => {
        expect(statSync(join(dir, 'zeros.pdf')).size).toBe(1.5e9);
        const files = [
          good(0),
          ...bad().flatMap(([f], k) => [f, good(k + 1)]),
          join(ROOT, 'data/reports/huaian-city-2024.pdf'),
        ];
        const r = await run(['parse', '--no-cells', '--jobs', jobs, ...files]);
        expect(r.ms).toBeLessThan(60_000);
        expect(r.peakMiB).toBeLessThan(1024);
        const got = records(r.out);
        expect(got.map((x) => x.source)).toEqual(files);
        const alone = records(
          (await run(['parse', '--no-cells', ...files.filter((f) => !bad().some(([b]) => b === f))])).out,
        );
        for (const rec of got) {
          const reason = bad().find(([f]) => f === rec.source)?.[1];
          if (reason) {
            expect(rec.kind, rec.source).toBe('unreadable');
            expect(rec.reason, rec.source).toMatch(reason);
          } else expect(rec).toEqual(alone.find((a) => a.source === rec.source));
        }
        expect(got.filter((x) => x.kind === 'annual_report').length).toBeGreaterThanOrEqual(6);
        // The FIFO, /dev/zero and the socket could not be opened as files: exit 1, one line each on stderr.
        expect(r.code).toBe(1);
        expect(r.err.trim().split('\n')).toHaveLength(3);
      },
    );
  }

  for (const jobs of ['1', '2']) {
    it(
      `--jobs ${jobs} --timeout 5: the slow file is stopped and named, the others (queued behind it too) are read`,
      { timeout: 120_000 },
      async () => {
        const files = [
          good(0),
          join(dir, 'slow.pdf'),
          good(1),
          good(2),
          join(ROOT, 'data/reports/huaian-hongze-2023.pdf'),
          good(3),
        ];
        const r = await run(['parse', '--no-cells', '--jobs', jobs, '--timeout', '5', ...files]);
        // The slow file alone would take about 100 s.
        expect(r.ms).toBeLessThan(40_000);
        const got = records(r.out);
        expect(got.map((x) => x.source)).toEqual(files);
        expect(got[1]).toMatchObject({
          kind: 'unreadable',
          reason: '“slow.pdf”读取超过 5 秒（每个文件的时间上限，扫描件为每页识别的上限；可用 --timeout 调整），已停止',
        });
        for (const k of [0, 2, 3, 4, 5]) expect(got[k].kind, `${files[k]}: ${got[k].reason}`).toBe('annual_report');
        expect(r.code).toBe(1);
        expect(r.err.trim()).toBe(
          `mingjing: ${files[1]}: “slow.pdf”读取超过 5 秒（每个文件的时间上限，扫描件为每页识别的上限；可用 --timeout 调整），已停止`,
        );
      },
    );
  }

  it(
    '--timeout on a scan counts per page read by OCR: a scan longer than the limit, each page within it, is read',
    { timeout: 300_000 },
    async () => {
      const scan = join(ROOT, 'tests/fixtures/scans/pdf/huaian-city-2024.noisy-300.pdf'); // 6 pages at 300 dpi
      const r = await run(['parse', '--no-cells', '--timeout', '6', scan]);
      const [rec] = records(r.out);
      expect(rec.kind, rec.reason).toBe('annual_report');
      const ocr = rec.ocr as { pages: number; ms: number };
      expect(ocr.pages).toBe(6);
      // Longer than the limit as a whole (~12 s on this machine), so the clock was restarted by its pages.
      expect(ocr.ms, 'the scan took less than the limit: this machine proves nothing here').toBeGreaterThan(6_000);
      expect(r.code).toBe(0);
    },
  );

  it('--timeout must be a positive number of seconds', async () => {
    for (const v of ['0', '-1', 'x', '']) expect((await run(['parse', `--timeout=${v}`, good(0)])).code).toBe(2);
    expect((await run(['parse', '--timeout', '0.5', good(0)])).code).toBe(0);
  });
});

describe('file names that are not UTF-8, and folders', () => {
  const gbk = Buffer.from([0xb1, 0xa8, 0xb8, 0xe6, 0x2e, 0x74, 0x78, 0x74]); // 报告.txt in GBK
  const latin1 = Buffer.from('r\xe9sum\xe9.txt', 'latin1');
  const at = (...parts: (string | Buffer)[]) =>
    Buffer.concat(parts.flatMap((p, i) => [...(i ? [Buffer.from('/')] : []), Buffer.from(p)]));

  it('a GBK or Latin-1 name given on the command line is found and read (named as it arrived, with U+FFFD)', async () => {
    const sub = join(dir, 'names');
    mkdirSync(sub, { recursive: true });
    writeFileSync(at(sub, gbk), readFileSync(good(0)));
    writeFileSync(at(sub, latin1), readFileSync(good(1)));
    const r = await run(['parse', '--no-cells', at(sub, gbk), at(sub, latin1)]);
    expect(r.code).toBe(0);
    const [a, b] = records(r.out);
    expect(a.source).toBe(`${sub}/\ufffd\ufffd\ufffd\ufffd.txt`);
    expect(b.source).toBe(`${sub}/r\ufffdsum\ufffd.txt`);
    const plain = records((await run(['parse', '--no-cells', good(0), good(1)])).out);
    expect({ ...a, source: '' }).toEqual({ ...plain[0], source: '' });
    expect({ ...b, source: '' }).toEqual({ ...plain[1], source: '' });
  });

  it('a non-UTF-8 folder name on the way is found too; two names that decode alike are refused with the reason', async () => {
    const folder = at(dir, Buffer.from([0xd5, 0xfe, 0xb8, 0xae])); // 政府 in GBK
    mkdirSync(folder, { recursive: true });
    writeFileSync(at(folder, gbk), readFileSync(good(0)));
    writeFileSync(at(folder, Buffer.from([0xb1, 0x2e, 0x74, 0x78, 0x74])), 'x');
    writeFileSync(at(folder, Buffer.from([0xb2, 0x2e, 0x74, 0x78, 0x74])), 'y');
    const r = await run([
      'parse',
      '--no-cells',
      at(folder, gbk),
      at(folder, Buffer.from([0xb1, 0x2e, 0x74, 0x78, 0x74])),
      at(folder, 'nothing\xff.txt'),
    ]);
    const [a, b, c] = records(r.out);
    expect(a.kind).toBe('annual_report');
    expect(b.reason).toMatch(/文件名不是 UTF-8 编码，且有 2 个文件的名称看起来相同/);
    expect(c.reason).toMatch(/文件不存在/);
    expect(r.code).toBe(1);
  });

  it('a folder is read whole: its files and its subfolders’ in byte order, non-UTF-8 names included', async () => {
    const top = join(dir, 'folder');
    mkdirSync(join(top, 'b-sub'), { recursive: true });
    writeFileSync(join(top, 'a.txt'), readFileSync(good(0)));
    writeFileSync(join(top, 'b-sub', 'c.txt'), readFileSync(good(1)));
    writeFileSync(at(top, gbk), readFileSync(good(2)));
    const r = await run(['parse', '--no-cells', '--jobs', '2', top]);
    expect(r.code).toBe(0);
    expect(records(r.out).map((x) => x.source)).toEqual([
      `${top}/a.txt`,
      `${top}/b-sub/c.txt`,
      `${top}/\ufffd\ufffd\ufffd\ufffd.txt`,
    ]);
  });
});

describe('no control character from a report reaches the terminal', () => {
  const ESC = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  const evil = () => {
    const lines = readFileSync(good(0), 'utf8').split('\n');
    const title = lines.findIndex((l) => l.trim());
    lines[title] = `\u001b]0;pwned\u0007\u001b[2J\u001b[8m${lines[title]}\u009b31m\u202e`;
    const name = join(dir, 'evil\u001b[2J\u009b.txt');
    writeFileSync(name, lines.join('\n').replace('一、总体情况', '一、总体情况\n\u001b[32m全部检查通过\u001b[0m'));
    return name;
  };

  it('`check` shows ESC, C1 and bidi controls as escapes (title, findings, file name)', async () => {
    const r = await run(['check', evil(), good(0)]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(ESC);
    expect(r.out).toContain('evil\\x1b[2J\\x9b.txt');
    expect(r.out).toContain('单位 \\x1b]0;pwned\\x07\\x1b[2J\\x1b[8m运城市人民政府办公室\\x9b31m\\u202e　地区');
  });

  it('JSON lines and --pretty escape them too, and read back to the same strings', async () => {
    const name = evil();
    for (const flag of ['--no-cells', '--pretty']) {
      const r = await run(['parse', flag, name]);
      expect(r.out.replace(/\n/g, '')).not.toMatch(ESC);
      const rec = JSON.parse(r.out);
      expect(rec.source).toBe(name);
      expect(rec.agency).toMatch(/^\u001b\]0;pwned\u0007\u001b\[2J\u001b\[8m.*\u009b31m\u202e$/);
    }
  });

  it('stderr names a file that cannot be opened with its controls escaped', async () => {
    const r = await run(['parse', join(dir, 'missing\u001b[2J.txt')]);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(ESC);
    expect(r.err).toContain('missing\\x1b[2J.txt: 文件不存在');
  });
});

describe('UTF-16 text on the command line', () => {
  it('UTF-16LE and UTF-16BE with a BOM read like UTF-8', async () => {
    const text = readFileSync(good(0), 'utf8');
    const le = Buffer.from('\ufeff' + text, 'utf16le');
    const be = Buffer.from(le);
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
    writeFileSync(join(dir, 'le.txt'), le);
    writeFileSync(join(dir, 'be.txt'), be);
    const r = await run(['parse', '--no-cells', good(0), join(dir, 'le.txt'), join(dir, 'be.txt')]);
    expect(r.code).toBe(0);
    const [utf8, a, b] = records(r.out);
    expect(a.kind).toBe('annual_report');
    for (const x of [a, b]) expect({ ...x, source: '' }).toEqual({ ...utf8, source: '' });
  });
});
