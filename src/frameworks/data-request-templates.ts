// The data request lists shipped as framework data (src/frameworks/data/data-requests): for each
// framework, what the local area is asked to provide and how many working days after notification.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FRAMEWORK_CODES, inspectionType, milestoneWorkingDays, type FrameworkCode, type FrameworkDefinition } from './framework.ts';
import { FRAMEWORK_DATA_DIR, FrameworkDataError, loadFrameworkDefinitions } from './framework-files.ts';

export const DATA_REQUEST_TEMPLATE_DIR = path.join(FRAMEWORK_DATA_DIR, 'data-requests');

const code = z.string().regex(/^[a-z0-9_]+$/, 'Codes are lower case letters, digits and underscores');
const text = z.string().trim().min(1);
const sources = z.array(z.url({ protocol: /^https?$/, error: 'Sources must be web addresses starting http:// or https://' }));

const itemSchema = z.strictObject({
  code,
  title: text.max(200),
  description: text,
  /** Working days after the notification date (day 0). */
  dueWorkingDays: z.number().int().min(0).max(60),
  /** The milestone of the inspection types' timelines the due day is taken from, when there is one. */
  milestone: code.optional(),
  sources,
  /** Set when the item or its due day could not be confirmed against the handbook; `note` says which. */
  unverified: z.literal(true).optional(),
  note: text.optional(),
});

const templateSchema = z
  .strictObject({
    framework: z.enum(FRAMEWORK_CODES),
    description: text,
    /** The inspection types whose notification sends this request. */
    inspectionTypes: z.array(code).min(1),
    sources: sources.default([]),
    items: z.array(itemSchema).min(1),
  })
  .superRefine((template, ctx) => {
    const seen = new Set<string>();
    template.items.forEach((item, i) => {
      if (seen.has(item.code)) ctx.addIssue({ code: 'custom', path: ['items', i, 'code'], message: `The code "${item.code}" is used by more than one item` });
      seen.add(item.code);
      if (item.unverified && !item.note) ctx.addIssue({ code: 'custom', path: ['items', i, 'note'], message: 'An unverified item needs a note saying what could not be confirmed' });
    });
  });

export type DataRequestTemplate = z.infer<typeof templateSchema>;
export type DataRequestTemplateItem = DataRequestTemplate['items'][number];

/** Validates one list (already parsed from JSON) against the schema and its framework's inspection types and timelines. */
export function parseDataRequestTemplate(raw: unknown, origin: string, frameworks: readonly FrameworkDefinition[]): DataRequestTemplate {
  const result = templateSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new FrameworkDataError(`The data request list in ${origin} is not valid:\n${problems.join('\n')}`);
  }
  const template = result.data;
  const framework = frameworks.find((f) => f.code === template.framework);
  if (!framework) throw new FrameworkDataError(`The data request list in ${origin} is for framework ${template.framework}, which is not defined`);
  for (const typeCode of template.inspectionTypes) {
    const type = inspectionType(framework, typeCode);
    if (!type) throw new FrameworkDataError(`The data request list in ${origin} names inspection type "${typeCode}", which the ${framework.code} framework does not have`);
    for (const item of template.items) {
      if (!item.milestone) continue;
      const days = milestoneWorkingDays(type.timeline, item.milestone);
      if (!days) throw new FrameworkDataError(`The data request list in ${origin}: item ${item.code} names milestone "${item.milestone}", which is not in the working-day timeline of "${typeCode}"`);
      if (days.start !== item.dueWorkingDays) {
        throw new FrameworkDataError(
          `The data request list in ${origin}: item ${item.code} is due ${item.dueWorkingDays} working days after notification, but its milestone "${item.milestone}" falls on day ${days.start}. Change one so they agree.`,
        );
      }
    }
  }
  return template;
}

/** Every shipped list by framework; each file is named after its framework (2023.json) and every framework has one. */
export function loadDataRequestTemplates(dir: string = DATA_REQUEST_TEMPLATE_DIR, frameworks: readonly FrameworkDefinition[] = loadFrameworkDefinitions()): Map<FrameworkCode, DataRequestTemplate> {
  const templates = new Map<FrameworkCode, DataRequestTemplate>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new FrameworkDataError(`The data request list in ${file} could not be read: ${(error as Error).message}`);
    }
    const template = parseDataRequestTemplate(raw, file, frameworks);
    if (name !== `${template.framework}.json`) throw new FrameworkDataError(`The data request list in ${file} is for framework ${template.framework}, so the file must be named ${template.framework}.json`);
    templates.set(template.framework, template);
  }
  const missing = FRAMEWORK_CODES.filter((c) => !templates.has(c));
  if (missing.length) throw new FrameworkDataError(`No data request list in ${dir} for framework: ${missing.join(', ')}`);
  return templates;
}

let cache: Map<FrameworkCode, DataRequestTemplate> | undefined;

/** The data request list of a framework, read once. */
export function dataRequestTemplate(framework: FrameworkCode): DataRequestTemplate {
  cache ??= loadDataRequestTemplates();
  return cache.get(framework)!;
}
