import {
  AlignmentType,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  convertMillimetersToTwip,
} from 'docx';
import { layOutLetter } from './letter-layout.rules.js';

/**
 * A letter (告知书, notice) as a Word document in the layout of 党政机关公文格式 (GB/T 9704-2012): A4,
 * margins 37/35/28/26 mm, title in 小标宋 (二号, 22 pt) centred, body in 仿宋_GB2312 (三号, 16 pt) at a
 * fixed 28 pt line pitch, page numbers "— 1 —" in 宋体 (四号) at the foot. Offices without those fonts
 * get Word's substitutes; the eastAsia names are what an office's Word looks for.
 */

const BODY_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: '仿宋_GB2312',
  cs: 'Times New Roman',
};
const TITLE_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: '方正小标宋简体',
  cs: 'Times New Roman',
};
const PAGE_NUMBER_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: '宋体',
  cs: 'Times New Roman',
};
/** Half-points: 三号 16 pt, 二号 22 pt, 四号 14 pt. */
const BODY_SIZE = 32;
const TITLE_SIZE = 44;
const PAGE_NUMBER_SIZE = 28;
/** 28 pt in twentieths of a point. */
const LINE_PITCH = 560;
/** Two characters of 16 pt, in twips. */
const FIRST_LINE_INDENT = 640;

function bodyRun(text: string): TextRun {
  return new TextRun({ text, font: BODY_FONT, size: BODY_SIZE });
}

export async function renderLetterDocx(letter: { title: string; text: string }): Promise<Buffer> {
  const laid = layOutLetter(letter);
  const spacing = { line: LINE_PITCH, lineRule: LineRuleType.EXACT };
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...spacing, line: 700, after: LINE_PITCH },
      children: [new TextRun({ text: laid.title, font: TITLE_FONT, size: TITLE_SIZE })],
    }),
  ];
  for (const block of laid.blocks) {
    if (block.kind === 'signature') {
      // A blank line before the closing block, which sits right, four characters in from the margin.
      children.push(new Paragraph({ spacing, children: [bodyRun('')] }));
      for (const line of block.lines) {
        children.push(
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            indent: { right: 1280 },
            spacing,
            children: [bodyRun(line)],
          }),
        );
      }
      continue;
    }
    for (const line of block.lines) {
      children.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing,
          indent: block.kind === 'salutation' ? undefined : { firstLine: FIRST_LINE_INDENT },
          children: [bodyRun(line)],
        }),
      );
    }
  }
  const doc = new Document({
    title: laid.title,
    creator: 'Gongkai',
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(37),
              bottom: convertMillimetersToTwip(35),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    font: PAGE_NUMBER_FONT,
                    size: PAGE_NUMBER_SIZE,
                    children: ['— ', PageNumber.CURRENT, ' —'],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
