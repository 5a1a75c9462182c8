/**
 * The 通报 as a Word file (docx 9, in the browser or in Node): plain
 * paragraphs, headings, tables and one PNG, so that Word and WPS open it the
 * same. Everything it writes comes from a Briefing (./data.ts).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { levelZh } from '$lib/ui/words';
import type { Briefing } from './data';

/** The ranking chart as drawn on the page (chartPng), and its size in CSS pixels. */
export interface BriefingImage {
  png: Uint8Array;
  width: number;
  height: number;
}

/** A4 with 2.5 cm margins: the width text and tables take, in twips and in pixels (96 dpi). */
const TEXT_TWIPS = 11906 - 2 * 1418;
const TEXT_PX = Math.floor((TEXT_TWIPS / 1440) * 96);
const PAGE_PX = Math.floor(((16838 - 2 * 1418) / 1440) * 96) - 40;
const FONT = '宋体';

const p = (text: string, opts: { bold?: boolean; size?: number; center?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : undefined,
    spacing: { after: 120, line: 360 },
    children: [new TextRun({ text, bold: opts.bold, size: opts.size })],
  });
const h = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1) =>
  new Paragraph({ heading: level, spacing: { before: 240, after: 120 }, children: [new TextRun({ text })] });
const bullet = (text: string) =>
  new Paragraph({ bullet: { level: 0 }, spacing: { after: 60 }, children: [new TextRun(text)] });

const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
/** A table with a header row repeated on every page; `widths` in parts of the text width. */
function table(head: string[], rows: string[][], widths: number[]): Table {
  const total = widths.reduce((a, b) => a + b, 0);
  const cols = widths.map((w) => Math.floor((w / total) * TEXT_TWIPS));
  const cell = (text: string, i: number, bold = false) =>
    new TableCell({
      width: { size: cols[i], type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: [new Paragraph({ children: [new TextRun({ text, bold, size: 20 })] })],
    });
  return new Table({
    width: { size: TEXT_TWIPS, type: WidthType.DXA },
    columnWidths: cols,
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((x, i) => cell(x, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((x, i) => cell(x, i)) })),
    ],
  });
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The figures in sentences: every number is one of Briefing.figures. */
export function figureLines(b: Briefing): string[] {
  const f = b.figures;
  return [
    `本次通报范围：${b.year}年度、层级为“${levelZh(b.level)}”的单位的政府信息公开工作年度报告，共 ${f.reports} 份，涉及 ${f.bodies} 个单位。`,
    f.requestsNew === null
      ? `本年新收政府信息公开申请：各报告均未填报（空白，不计为0）。`
      : `本年新收政府信息公开申请合计 ${f.requestsNew} 件${f.requestsNewBlank ? `（另有 ${f.requestsNewBlank} 份报告该项空白，不计为0）` : ''}。`,
    f.disclosure.denominator > 0
      ? `公开率（合并计算）${pct(f.disclosure.rate)}：予以公开与部分公开 ${f.disclosure.numerator} 件 ÷ 办理结果总计 ${f.disclosure.denominator} 件（n = ${f.disclosure.denominator}）。`
      : '公开率：各报告均无可计算的分母。',
    `报告本身的数据问题 ${f.problems} 条（其中错误 ${f.errors} 条），涉及 ${f.problemReports} 份报告。`,
    `逾期发布 ${f.late} 份；未载明发布日期 ${f.undated} 份${f.noDeadline ? `；层级不明、无法确定期限 ${f.noDeadline} 份` : ''}。`,
    `另有 ${f.readingReports} 份报告含读取问题（程序未能读准之处），不属于报告单位的问题，不计入上述数据问题和排名。`,
    `小样本（分母 < 30）${f.smallSamples} 份，排名时单独标注。`,
  ];
}

/** The 通报 as a .docx file's bytes. */
export async function briefingDocx(b: Briefing, image: BriefingImage | null): Promise<Uint8Array> {
  const scale = image ? Math.min(1, TEXT_PX / image.width, PAGE_PX / image.height) : 1;
  const c = b.choice;
  const doc = new Document({
    creator: '明镜 Mingjing',
    title: b.title,
    description: b.synthetic ? '模拟数据' : '政府信息公开工作年度报告情况通报',
    styles: {
      default: { document: { run: { font: { ascii: FONT, eastAsia: FONT, hAnsi: FONT }, size: 24 } } },
    },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.PORTRAIT, width: 11906, height: 16838 },
            margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 },
          },
        },
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [new TextRun({ text: b.title, bold: true, size: 36 })],
          }),
          ...(b.synthetic ? [p(b.sources.find((s) => s.startsWith('模拟数据')) ?? '模拟数据', { bold: true })] : []),

          h('一、基本情况'),
          ...figureLines(b).map((x) => p(x)),

          h('二、排名'),
          p(
            `按“${c.indicator}”${c.order}排列。权重与方向：${c.weights}。${c.small}。综合得分的计算方法见“五、口径与来源”。`,
          ),
          ...(image
            ? [
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  children: [
                    new ImageRun({
                      type: 'png',
                      data: image.png,
                      transformation: {
                        width: Math.round(image.width * scale),
                        height: Math.round(image.height * scale),
                      },
                      altText: { name: '排名图', title: `${b.year}年度${b.level}排名图`, description: c.indicator },
                    }),
                  ],
                }),
              ]
            : []),
          table(
            ['名次', '单位', '地区', c.indicator, ...(b.ranked.some((r) => r.n) ? ['n'] : []), '小样本'],
            b.ranked.map((r) => [
              r.rank === null ? '—' : String(r.rank),
              r.agency,
              r.region,
              r.value,
              ...(b.ranked.some((x) => x.n) ? [r.n] : []),
              r.small ? '是' : '',
            ]),
            b.ranked.some((r) => r.n) ? [1, 5, 4, 2, 1.2, 1.2] : [1, 5, 4, 2, 1.2],
          ),

          h('三、报告本身的问题'),
          ...(b.problems.length
            ? [
                p(`以下 ${b.problems.length} 份报告的表格或内容存在问题（仅列报告本身的问题，不含读取问题）：`),
                ...b.problems.flatMap((r, i) => [
                  p(`${i + 1}. ${r.agency}${r.region ? `（${r.region}）` : ''}：${r.problems.length} 条`, {
                    bold: true,
                  }),
                  ...r.problems.map((x) => bullet(`[${x.severity}] ${x.rule}：${x.message}`)),
                ]),
              ]
            : [p('本范围内的报告未发现报告本身的问题。')]),

          h('四、逾期发布'),
          ...(b.late.length
            ? [
                p(`以下 ${b.late.length} 份报告的发布日期晚于法定期限：`),
                table(
                  ['单位', '发布日期', '法定期限', '逾期天数', '依据'],
                  b.late.map((r) => [r.agency, r.published, r.deadline, String(r.daysLate), r.article]),
                  [4, 2, 2, 1.3, 3.5],
                ),
              ]
            : [p('本范围内没有逾期发布的报告（未载明日期的报告另计，见“一、基本情况”）。')]),

          h('五、口径与来源'),
          ...b.definitions.map((x) => bullet(x)),
          ...b.sources.map((x) => p(x, { size: 20 })),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

export const briefingFile = (b: Briefing) => `通报_${b.level}_${b.year}${b.synthetic ? '_模拟数据' : ''}`;
