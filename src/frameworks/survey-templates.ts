// The survey templates shipped as framework data (src/frameworks/data/surveys): one per audience,
// each question mapped to the criteria of every framework; a survey starts as a copy of one.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { questionSchema, surveyDefinitionSchema, SURVEY_AUDIENCES, type SurveyAudience, type SurveyDefinition } from '../surveys/survey.ts';
import { FRAMEWORK_CODES, type FrameworkCode, type FrameworkDefinition } from './framework.ts';
import { FRAMEWORK_DATA_DIR, FrameworkDataError, loadFrameworkDefinitions } from './framework-files.ts';

export const SURVEY_TEMPLATE_DIR = path.join(FRAMEWORK_DATA_DIR, 'surveys');

const criteriaByFramework = z.strictObject(Object.fromEntries(FRAMEWORK_CODES.map((code) => [code, z.array(z.string())])) as Record<FrameworkCode, z.ZodArray<z.ZodString>>);

const templateQuestionSchema = questionSchema.omit({ criteria: true, translations: true }).extend({ criteria: criteriaByFramework });

const templateSchema = z.strictObject({
  audience: z.enum(SURVEY_AUDIENCES),
  title: z.string().trim().min(1),
  introduction: z.string().trim().min(1),
  easyRead: z.boolean(),
  questions: z.array(templateQuestionSchema).min(1),
});
export type SurveyTemplate = z.infer<typeof templateSchema>;

function criterionCodes(framework: FrameworkDefinition): Set<string> {
  return new Set(framework.criterionGroups.flatMap((group) => group.criteria.map((c) => c.code)));
}

/** The template as a survey definition under one framework, with that framework's criteria. */
export function definitionFromTemplate(template: SurveyTemplate, framework: FrameworkCode): SurveyDefinition {
  return surveyDefinitionSchema.parse({
    title: template.title,
    introduction: template.introduction,
    easyRead: template.easyRead,
    questions: template.questions.map((q) => ({ ...q, criteria: q.criteria[framework] })),
  });
}

export function parseSurveyTemplate(raw: unknown, origin: string, frameworks: FrameworkDefinition[]): SurveyTemplate {
  const result = templateSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new FrameworkDataError(`The survey template in ${origin} is not valid:\n${problems.join('\n')}`);
  }
  const template = result.data;
  for (const framework of frameworks) {
    const known = criterionCodes(framework);
    for (const question of template.questions) {
      const unknown = question.criteria[framework.code].filter((c) => !known.has(c));
      if (unknown.length) throw new FrameworkDataError(`The survey template in ${origin}: question ${question.id} names criteria the ${framework.code} framework does not have: ${unknown.join(', ')}`);
    }
    const definition = surveyDefinitionSchema.safeParse(definitionFromTemplate(template, framework.code));
    if (!definition.success) throw new FrameworkDataError(`The survey template in ${origin} is not valid: ${definition.error.issues[0]?.message}`);
  }
  return template;
}

let cache: Map<SurveyAudience, SurveyTemplate> | undefined;

/** Every shipped template by audience; each audience must have exactly one. */
export function loadSurveyTemplates(dir: string = SURVEY_TEMPLATE_DIR): Map<SurveyAudience, SurveyTemplate> {
  const frameworks = loadFrameworkDefinitions();
  const templates = new Map<SurveyAudience, SurveyTemplate>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new FrameworkDataError(`The survey template in ${file} could not be read: ${(error as Error).message}`);
    }
    const template = parseSurveyTemplate(raw, file, frameworks);
    if (templates.has(template.audience)) throw new FrameworkDataError(`More than one survey template in ${dir} is for ${template.audience}`);
    templates.set(template.audience, template);
  }
  const missing = SURVEY_AUDIENCES.filter((a) => !templates.has(a));
  if (missing.length) throw new FrameworkDataError(`No survey template in ${dir} for: ${missing.join(', ')}`);
  return templates;
}

/** The starting definition of a survey for an audience under a framework. */
export function surveyTemplateDefinition(audience: SurveyAudience, framework: FrameworkCode): SurveyDefinition {
  cache ??= loadSurveyTemplates();
  return definitionFromTemplate(cache.get(audience)!, framework);
}
