// CLI verbs for inspections: list them, show one, and create one (audited as the command line).
import { z } from 'zod';
import { FRAMEWORK_CODES } from '../frameworks/framework.ts';
import { CliError, DATA_HELP, DATA_OPTION, UsageError, parseOptionValues, withDatabase, type CliCommand } from '../platform/cli.ts';
import { isRealIsoDate } from './date-input.ts';
import { INSPECTION_STATUSES, STAGES, TEAM_ROLE_LABELS } from './inspection-lifecycle.ts';
import { inspectionTypeName, isReference, type NewInspectionField } from './inspection.ts';
import {
  CLI_ACTOR,
  InspectionInputError,
  createInspection,
  findInspection,
  isUuid,
  listAllInspections,
  type InspectionDetails,
  type InspectionSummary,
} from './inspection.service.ts';
import type { InspectionStatus } from './inspection.table.ts';

const isoDateOption = (option: string) =>
  z
    .string({ error: `--${option} is required` })
    .refine(isRealIsoDate, { error: (issue) => `--${option} must be a real date written as YYYY-MM-DD, like 2026-01-12 (not "${String(issue.input)}")` });

const listArgsSchema = z.object({
  status: z.enum(INSPECTION_STATUSES as [InspectionStatus, ...InspectionStatus[]], { error: `--status must be one of: ${INSPECTION_STATUSES.join(', ')}` }).optional(),
  json: z.boolean().default(false),
});

const createArgsSchema = z.object({
  area: z.string({ error: '--area is required' }).regex(/^\d{3}$/, '--area must be a 3-digit DfE local authority code, like 352'),
  framework: z.enum(FRAMEWORK_CODES, { error: `--framework must be one of: ${FRAMEWORK_CODES.join(', ')}` }),
  type: z.string({ error: '--type is required' }).trim().min(1, '--type must name an inspection type, like full'),
  notification: isoDateOption('notification'),
  'onsite-start': isoDateOption('onsite-start'),
  'onsite-end': isoDateOption('onsite-end'),
  json: z.boolean().default(false),
});

const OPTION_OF_FIELD: Readonly<Record<NewInspectionField, string>> = {
  laCode: '--area',
  frameworkCode: '--framework',
  inspectionType: '--type',
  notificationDate: '--notification',
  onsiteStartDate: '--onsite-start',
  onsiteEndDate: '--onsite-end',
};

const COLUMNS: { title: string; value: (i: InspectionSummary) => string }[] = [
  { title: 'Reference', value: (i) => i.reference },
  { title: 'Local area', value: (i) => `${i.area_name} (${i.la_code})` },
  { title: 'Type', value: (i) => i.inspection_type_name },
  { title: 'Framework', value: (i) => `${i.framework_code} r${i.framework_revision}` },
  { title: 'Status', value: (i) => STAGES[i.status].label },
  { title: 'Notified', value: (i) => i.notification_date },
  { title: 'On site', value: (i) => `${i.onsite_start_date} to ${i.onsite_end_date}` },
];

export function formatInspectionTable(inspections: readonly InspectionSummary[]): string[] {
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...inspections.map((i) => c.value(i).length)));
  const line = (cells: string[]) => cells.map((cell, n) => (n === cells.length - 1 ? cell : cell.padEnd(widths[n]))).join('  ');
  return [line(COLUMNS.map((c) => c.title)), ...inspections.map((i) => line(COLUMNS.map((c) => c.value(i))))];
}

function summaryJson(i: InspectionSummary) {
  return {
    id: i.id,
    reference: i.reference,
    laCode: i.la_code,
    area: i.area_name,
    framework: i.framework_code,
    frameworkRevision: i.framework_revision,
    type: i.inspection_type,
    typeName: i.inspection_type_name,
    status: i.status,
    notificationDate: i.notification_date,
    onsiteStartDate: i.onsite_start_date,
    onsiteEndDate: i.onsite_end_date,
  };
}

function detailsJson(d: InspectionDetails) {
  const { inspection, area, framework } = d;
  return {
    id: inspection.id,
    reference: inspection.reference,
    laCode: area.la_code,
    area: area.name,
    icb: area.icb,
    framework: framework.code,
    frameworkRevision: framework.revision,
    frameworkRevisionId: framework.id,
    type: inspection.inspection_type,
    typeName: inspectionTypeName(framework, inspection.inspection_type),
    status: inspection.status,
    notificationDate: inspection.notification_date,
    onsiteStartDate: inspection.onsite_start_date,
    onsiteEndDate: inspection.onsite_end_date,
    team: d.team.map((m) => ({ userId: m.user_id, name: m.display_name, email: m.email, role: m.role })),
    milestones: d.schedule.milestones.map((m) => ({ code: m.code, label: m.label, date: m.date, endDate: m.endDate, unverified: m.unverified })),
    milestonesProblem: d.schedule.problem ?? null,
  };
}

function detailsLines(d: InspectionDetails): string[] {
  const j = detailsJson(d);
  const span = (from: string, to: string) => (from === to ? from : `${from} to ${to}`);
  return [
    `${j.reference}  ${j.area} (${j.laCode})`,
    `  Id:                     ${j.id}`,
    `  Status:                 ${STAGES[j.status].label}`,
    `  Framework:              ${j.framework}, revision ${j.frameworkRevision}`,
    `  Type:                   ${j.typeName}`,
    `  Integrated care board:  ${j.icb}`,
    `  Notification:           ${j.notificationDate}`,
    `  On site:                ${span(j.onsiteStartDate, j.onsiteEndDate)}`,
    '',
    'Team:',
    ...(d.team.length ? d.team.map((m) => `  ${TEAM_ROLE_LABELS[m.role].padEnd(26)}${m.display_name} <${m.email}>`) : ['  (nobody yet)']),
    '',
    'Milestones (working days from notification; * not confirmed by a public source):',
    ...(j.milestonesProblem ? [`  ${j.milestonesProblem}`] : j.milestones.map((m) => `  ${span(m.date, m.endDate).padEnd(26)}${m.label}${m.unverified ? ' *' : ''}`)),
  ];
}

export const inspectionCommands: CliCommand[] = [
  {
    name: 'inspections list',
    summary: 'List inspections',
    usage: 'send-inspect inspections list [--status STATUS] [--json] [--data DIR]',
    help: [`  --status STATUS  only inspections at this stage (${INSPECTION_STATUSES.join(', ')})`, '  --json           print JSON (an array) instead of a table', DATA_HELP].join('\n'),
    options: { ...DATA_OPTION, status: { type: 'string', short: 's' }, json: { type: 'boolean' } },
    async run({ values, out, err, openDb }) {
      const args = parseOptionValues(listArgsSchema, { status: values.status, json: values.json ?? false });
      const inspections = await withDatabase(openDb, (db) => listAllInspections(db.kysely, { status: args.status }));
      if (args.json) {
        out(JSON.stringify(inspections.map(summaryJson), null, 2));
        return;
      }
      if (inspections.length) for (const line of formatInspectionTable(inspections)) out(line);
      err(`${inspections.length} inspection${inspections.length === 1 ? '' : 's'}`);
    },
  },
  {
    name: 'inspections show',
    summary: 'Show one inspection: its team and milestones',
    usage: 'send-inspect inspections show ID_OR_REFERENCE [--json] [--data DIR]',
    help: ['  ID_OR_REFERENCE  the inspection\'s id or its reference, like SEND-352-2026-1', '  --json           print JSON instead of text', DATA_HELP].join('\n'),
    options: { ...DATA_OPTION, json: { type: 'boolean' } },
    positionals: [1, 1],
    async run({ values, positionals, out, openDb }) {
      const key = positionals[0].trim();
      if (!isUuid(key) && !isReference(key)) throw new UsageError(`"${key}" is not an inspection id or reference (a reference looks like SEND-352-2026-1)`);
      const details = await withDatabase(openDb, (db) => findInspection(db.kysely, key));
      if (!details) throw new CliError(`There is no inspection with the ${isUuid(key) ? 'id' : 'reference'} ${key}`);
      if (values.json) out(JSON.stringify(detailsJson(details), null, 2));
      else for (const line of detailsLines(details)) out(line);
    },
  },
  {
    name: 'inspections create',
    summary: 'Create a planned inspection',
    usage:
      'send-inspect inspections create --area LA_CODE --framework 2016|2023 --type TYPE --notification YYYY-MM-DD --onsite-start YYYY-MM-DD --onsite-end YYYY-MM-DD [--json] [--data DIR]',
    help: [
      '  --area LA_CODE             the local area\'s 3-digit DfE code (see: send-inspect areas list)',
      `  --framework CODE           ${FRAMEWORK_CODES.join(' or ')}; the inspection stays on the revision in force now`,
      '  --type TYPE                an inspection type of that framework, such as full',
      '  --notification DATE        the working day the local area is told',
      '  --onsite-start DATE        the first day on site, after notification',
      '  --onsite-end DATE          the last day on site',
      '  --json                     print the new inspection as JSON',
      DATA_HELP,
      '',
      'The change is recorded in the audit log as made by "cli".',
    ].join('\n'),
    options: {
      ...DATA_OPTION,
      area: { type: 'string' },
      framework: { type: 'string' },
      type: { type: 'string' },
      notification: { type: 'string' },
      'onsite-start': { type: 'string' },
      'onsite-end': { type: 'string' },
      json: { type: 'boolean' },
    },
    async run({ values, out, openDb }) {
      const args = parseOptionValues(createArgsSchema, { ...values, json: values.json ?? false });
      const input = {
        laCode: args.area,
        frameworkCode: args.framework,
        inspectionType: args.type,
        notificationDate: args.notification,
        onsiteStartDate: args['onsite-start'],
        onsiteEndDate: args['onsite-end'],
      };
      const details = await withDatabase(openDb, async (db) => {
        try {
          const inspection = await createInspection(db.kysely, input, CLI_ACTOR);
          return (await findInspection(db.kysely, inspection.id))!;
        } catch (error) {
          if (!(error instanceof InspectionInputError)) throw error;
          throw new CliError(
            `The inspection was not created:\n${error.issues.map((i) => `  ${OPTION_OF_FIELD[i.field]}: ${i.message}`).join('\n')}`,
          );
        }
      });
      if (args.json) out(JSON.stringify(detailsJson(details), null, 2));
      else out(`Created inspection ${details.inspection.reference} (id ${details.inspection.id}). It is planned: add the team in the web service.`);
    },
  },
];
