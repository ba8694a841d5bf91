// CLI verb `report render`: an inspection's report as an HTML page, a PDF or a DOCX file, written whole or not at all, and audited as "cli".
import path from 'node:path';
import { z } from 'zod';
import { CLI_ACTOR, findInspection, isUuid } from '../inspections/inspection.service.ts';
import { isReference } from '../inspections/inspection.ts';
import { CliError, DATA_HELP, DATA_OPTION, parseOptionValues, withDatabase, type CliCommand } from '../platform/cli.ts';
import { checkOutputFile, writeFileWhole } from '../platform/output-file.ts';
import { createPdfRenderer, PdfUnavailableError } from '../platform/render/pdf.ts';
import { getPublishedReport, reportSlug } from './published-report.service.ts';
import type { ReportDocument } from './report-document.ts';
import { renderReportDocx } from './report-docx.ts';
import { standaloneReportHtml } from './report-html.ts';
import { composeCurrentReport, recordReportExport, type ReportFileFormat } from './report-inputs.service.ts';
import { renderReportPdf } from './report-pdf.ts';

const FORMATS = ['html', 'pdf', 'docx'] as const satisfies readonly ReportFileFormat[];

const renderOptions = z.object({
  inspection: z
    .string({ error: '--inspection is required: the inspection’s id or its reference, like SEND-352-2026-1' })
    .trim()
    .refine((key) => isUuid(key) || isReference(key), { error: (issue) => `"${String(issue.input)}" is not an inspection id or reference (a reference looks like SEND-352-2026-1)` }),
  format: z.enum(FORMATS, { error: '--format must be html, pdf or docx' }),
  out: z.string({ error: '--out is required: the file to write, like report.pdf' }).trim().min(1, { error: '--out is required: the file to write, like report.pdf' }),
  force: z.boolean().optional(),
});

async function render(document: ReportDocument, format: ReportFileFormat, chromePath: string): Promise<string | Buffer> {
  if (format === 'html') return standaloneReportHtml(document);
  if (format === 'docx') return renderReportDocx(document);
  const renderer = createPdfRenderer({ chromiumPath: chromePath });
  try {
    return await renderReportPdf(document, renderer);
  } catch (error) {
    if (error instanceof PdfUnavailableError) throw new CliError(error.message);
    throw error;
  } finally {
    await renderer.close();
  }
}

const FORMAT_NAMES: Record<ReportFileFormat, string> = { html: 'an HTML page', pdf: 'a PDF', docx: 'a DOCX file' };

export const reportRenderCommands: CliCommand[] = [
  {
    name: 'report render',
    summary: 'Write an inspection’s report as an HTML page, a PDF or a DOCX file',
    usage: 'send-inspect report render --inspection ID_OR_REFERENCE --format html|pdf|docx --out FILE [--force] [--data DIR]',
    help: [
      '  --inspection ID  the inspection’s id or its reference, like SEND-352-2026-1',
      '  --format FORMAT  html (a page that opens in any browser), pdf (tagged, for print) or docx',
      '  --out FILE       the file to write; an existing file is left alone unless --force is given',
      '  --force          replace FILE if it exists',
      DATA_HELP,
      '',
      'A published report is written as published (with its latest correction). Before publication the',
      'report is composed as it stands now: the findings, the outcome and the latest saved draft. Such a',
      'draft is embargoed: keep the file within the inspection team and the area.',
      'The file appears only once it is complete. Each file written is recorded in the audit log as "cli".',
    ].join('\n'),
    options: { ...DATA_OPTION, inspection: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
    async run({ config, values, out, openDb }) {
      const options = parseOptionValues(renderOptions, values);
      const target = path.resolve(options.out);
      await checkOutputFile(target, options.force ?? false, 'report.pdf');
      const { reference, published } = await withDatabase(openDb, async (db) => {
        const details = await findInspection(db.kysely, options.inspection);
        if (!details) throw new CliError(`There is no inspection with the ${isUuid(options.inspection) ? 'id' : 'reference'} ${options.inspection}`);
        const publication = await getPublishedReport(db.kysely, reportSlug(details.inspection.reference));
        const document = publication?.document ?? (await composeCurrentReport(db.kysely, details.inspection.id));
        await writeFileWhole(target, await render(document, options.format, config.chromePath));
        const sequence = publication ? (publication.corrections.at(-1)?.sequence ?? 1) : undefined;
        await recordReportExport(db.kysely, details, options.format, CLI_ACTOR, { via: 'cli', publicationSequence: sequence });
        return { reference: details.inspection.reference, published: publication !== undefined };
      });
      out(`Wrote the ${published ? 'published' : 'draft'} report of ${reference} as ${FORMAT_NAMES[options.format]} to ${target}`);
    },
  },
];
