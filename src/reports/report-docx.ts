// The report document as a Word file: real heading styles, bulleted lists, tables with heading rows, "Page X of Y", en-GB.
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import type { Block, DocumentTable, ReportDocument } from './report-document.ts';

const FONT = 'Arial';
// Sizes are in half-points.
const BODY_SIZE = 24;
const TABLE_SIZE = 22;

/** Word keeps line breaks a paragraph's text holds; the other outputs show them as spaces, so this does too. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function blockParagraphs(block: Block): Paragraph[] {
  if (block.type === 'paragraph') return [new Paragraph({ text: oneLine(block.text) })];
  return block.items.map((item) => new Paragraph({ text: oneLine(item), bullet: { level: 0 } }));
}

function cell(text: string, header: boolean): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: oneLine(text), bold: header, size: TABLE_SIZE })] })] });
}

function tableChildren(table: DocumentTable): FileChild[] {
  const head = new TableRow({ tableHeader: true, cantSplit: true, children: table.head.map((h) => cell(h, true)) });
  const rows = table.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((text, i) => cell(text, i === 0)) }));
  return [
    new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun({ text: oneLine(table.caption), bold: true })] }),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [head, ...rows] }),
    // Word joins a table to one that follows it directly; an empty paragraph keeps them apart.
    new Paragraph({ text: '' }),
  ];
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new Paragraph({ text: oneLine(text), heading: level, keepNext: true });
}

function documentChildren(document: ReportDocument): FileChild[] {
  return document.sections.flatMap((section) => [
    heading(section.heading, section.code === 'title' ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2),
    ...section.blocks.flatMap(blockParagraphs),
    ...section.subsections.flatMap((sub) => [heading(sub.heading, HeadingLevel.HEADING_3), ...sub.blocks.flatMap(blockParagraphs)]),
    ...section.tables.flatMap(tableChildren),
  ]);
}

const pageFooter = new Footer({
  children: [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 20 })],
    }),
  ],
});

const headingStyle = (size: number) => ({ run: { font: FONT, size, bold: true, color: '0B0C0C' }, paragraph: { spacing: { before: 240, after: 120 } } });

/** The report as a DOCX file. */
export async function renderReportDocx(document: ReportDocument): Promise<Buffer> {
  const file = new Document({
    title: document.title,
    subject: `${document.framework.name}: ${document.inspectionType.name.toLowerCase()}`,
    creator: 'Ofsted and the Care Quality Commission (CQC)',
    description: `${document.title} (${document.reference})`,
    keywords: [document.reference, document.area.name, document.framework.name].join(', '),
    styles: {
      default: {
        document: { run: { font: FONT, size: BODY_SIZE, language: { value: 'en-GB' } }, paragraph: { spacing: { after: 160, line: 300 } } },
        heading1: headingStyle(48),
        heading2: headingStyle(36),
        heading3: headingStyle(28),
        caption: { run: { font: FONT, size: BODY_SIZE, italics: false, color: '0B0C0C' } },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: '210mm', height: '297mm' }, margin: { top: '20mm', right: '20mm', bottom: '25mm', left: '20mm' } } },
        footers: { default: pageFooter },
        children: documentChildren(document),
      },
    ],
  });
  return Packer.toBuffer(file);
}
