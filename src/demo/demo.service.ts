// Seeds (and resets) the demonstration: a fictional area, one account per role, one 2023-framework
// full inspection just past its week on site (its three surveys run, its cases, its evidence base,
// its findings and outcome, and a draft report in two versions) and the area's previous inspection,
// published; made through the same use cases people use where they allow it, so it is audited too.
import { todayInEngland } from '../platform/working-days.ts';
import type { Kysely } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { seedDemoCases, type SeededDemoCases } from './demo-cases.ts';
import { seedDemoEvidence, type SeededDemoEvidence } from './demo-evidence.ts';
import { seedDemoFindings, type SeededDemoFindings } from './demo-findings.ts';
import { importDemoHistory, seedDemoDraft, type SeededDemoReport } from './demo-report.ts';
import { addFictionalArea } from '../areas/area.service.ts';
import { dropRecordsOfDeletedImports } from '../cases/case-import.service.ts';
import { addTeamMember, createInspection, transitionInspection, type Actor } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import { createUser } from '../platform/auth/user.service.ts';
import type { Database } from '../platform/db/schema.ts';
import { addChannel, changeDefinition, createSurveys, getSurvey, offerLanguage, type Survey } from '../surveys/survey.service.ts';
import type { SurveyChannelRow } from '../surveys/survey.table.ts';
import type { SurveyAudience } from '../surveys/survey.ts';
import { DEMO_SEED, DEMO_SURVEY_PLANS, buildDemoResponses, demoLinkSendTimes, demoSurveyPeriod, type DemoSurveyPlan } from './demo-surveys.ts';
import { DEMO_TRANSLATED_LANGUAGE, withDemoUrdu } from './demo-urdu.ts';
import { DEMO_ACCOUNTS, DEMO_AREA, demoInspectionDates, type DemoDates } from './demo.ts';
import {
  countAccounts,
  deleteDemoData,
  findAccountIdsByEmail,
  insertDemoResponses,
  setDemoChannelCreatedAt,
  setDemoSurveyPeriod,
  type DemoResponseRow,
} from './demo.repository.ts';

const DEMO_ACTOR = { id: null, label: 'demo' };

export type SeededDemo = {
  accounts: { role: string; email: string; password: string }[];
  inspectionId: string;
  inspectionReference: string;
  /** Responses stored for each survey. */
  surveyResponses: Record<SurveyAudience, number>;
  cases: SeededDemoCases;
  evidence: SeededDemoEvidence;
  /** The findings, the outcome and the draft, with the inspection now at report drafting. */
  report: SeededDemoFindings & SeededDemoReport;
};

export { todayInEngland };

/** A database with no accounts at all is new: `start` seeds the demo into it. */
export async function isNewDatabase(db: Kysely<Database>): Promise<boolean> {
  return (await countAccounts(db)) === 0;
}

export async function isDemoPresent(db: Kysely<Database>): Promise<boolean> {
  return (await findAccountIdsByEmail(db, DEMO_ACCOUNTS.map((a) => a.email))).length > 0;
}

export async function seedDemo(database: Db, today = todayInEngland()): Promise<SeededDemo> {
  const db = database.kysely;
  if (await isDemoPresent(db)) throw new Error('The demo is already there. Use `send-inspect demo --reset` to replace it.');
  await addFictionalArea(db, DEMO_AREA);
  const accounts: SeededDemo['accounts'] = [];
  const ids = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS) {
    const created = await createUser(
      db,
      {
        email: account.email,
        displayName: account.displayName,
        organisation: account.organisation,
        isAdmin: account.isAdmin ?? false,
        area: account.areaRole ? { laCode: DEMO_AREA.la_code, role: account.areaRole } : undefined,
      },
      DEMO_ACTOR,
    );
    ids.set(account.email, created.id);
    accounts.push({ role: account.role, email: account.email, password: created.password! });
  }
  const admin = { id: ids.get(DEMO_ACCOUNTS[0].email)!, label: DEMO_ACCOUNTS[0].email };
  const dates = demoInspectionDates(today);
  const inspection = await createInspection(db, { laCode: DEMO_AREA.la_code, frameworkCode: '2023', inspectionType: 'full', ...dates }, admin);
  for (const account of DEMO_ACCOUNTS.filter((a) => a.teamRole)) {
    await addTeamMember(db, inspection.id, { userId: ids.get(account.email)!, role: account.teamRole! }, admin);
  }
  const lead = DEMO_ACCOUNTS.find((a) => a.teamRole === 'ofsted_lead')!;
  const leadActor = { id: ids.get(lead.email)!, label: lead.email };
  await transitionInspection(db, inspection.id, { to: 'notified' }, leadActor);
  await transitionInspection(db, inspection.id, { to: 'fieldwork' }, leadActor);
  const surveyResponses = await seedDemoSurveys(db, inspection.id, dates, leadActor);
  const actorFor = (teamRole: string) => {
    const account = DEMO_ACCOUNTS.find((a) => a.teamRole === teamRole || a.areaRole === teamRole)!;
    return { id: ids.get(account.email)!, label: account.email };
  };
  const team = { lead: leadActor, cqcLead: actorFor('cqc_lead'), inspector: actorFor('inspector') };
  const cases = await seedDemoCases(database, inspection.id, dates, { ...team, officer: actorFor('nominated_officer') }, DEMO_SEED);
  const evidence = await seedDemoEvidence(database, inspection.id, dates, team, DEMO_SEED);
  const findings = await seedDemoFindings(database, inspection.id, team);
  const draftVersions = await seedDemoDraft(database, inspection.id, team);
  const previousInspection = await importDemoHistory(database, admin, today);
  const report = { ...findings, draftVersions, previousInspection };
  return { accounts, inspectionId: inspection.id, inspectionReference: inspection.reference, surveyResponses, cases, evidence, report };
}

/**
 * The inspection's three surveys as the lead would set them up (the parents' one also in Urdu, with
 * a link for each way the area sent it out), then, in one transaction, what only time can make:
 * the surveys opened and closed in the past, and the synthetic responses that came in meanwhile.
 */
async function seedDemoSurveys(db: Kysely<Database>, inspectionId: string, dates: DemoDates, lead: Actor, seed = DEMO_SEED): Promise<Record<SurveyAudience, number>> {
  const created = await createSurveys(db, inspectionId, lead);
  const parents = created.find((s) => s.audience === 'parents_carers')!;
  await changeDefinition(db, parents.id, lead, { action: 'survey.translation-saved', wording: false, details: { language: DEMO_TRANSLATED_LANGUAGE }, edit: withDemoUrdu });
  await offerLanguage(db, parents.id, DEMO_TRANSLATED_LANGUAGE, lead);
  const period = demoSurveyPeriod(dates);
  const surveys: { survey: Survey; plan: DemoSurveyPlan; channels: SurveyChannelRow[] }[] = [];
  for (const survey of created) {
    const plan = DEMO_SURVEY_PLANS[survey.audience];
    const channels: SurveyChannelRow[] = [];
    for (const link of plan.links) channels.push(await addChannel(db, survey.id, link.name, lead));
    surveys.push({ survey: (await getSurvey(db, survey.id))!, plan, channels });
  }
  return db.transaction().execute(async (trx) => {
    const counts = {} as Record<SurveyAudience, number>;
    for (const { survey, plan, channels } of surveys) {
      await setDemoSurveyPeriod(trx, survey.id, period.opensAt, period.closesAt);
      // The links were made in the hour before opening, in the order they went out.
      const sendTimes = demoLinkSendTimes(plan, period);
      for (const [index, channel] of channels.entries()) {
        await setDemoChannelCreatedAt(trx, channel.id, new Date(Math.min(period.opensAt.getTime(), sendTimes[index]!.getTime()) - 3_600_000 + index * 60_000));
      }
      const rows: DemoResponseRow[] = buildDemoResponses(survey.audience, survey.definition, period, seed).map((r) => ({
        survey_id: survey.id,
        channel_id: channels[r.link]!.id,
        language: r.language,
        answers: JSON.stringify(r.answers),
        idempotency_key: r.idempotencyKey,
        content_hash: r.contentHash,
        submitted_at: r.submittedAt,
      }));
      await insertDemoResponses(trx, rows);
      counts[survey.audience] = rows.length;
      await recordAudit(trx, {
        actor: lead,
        action: 'survey.scheduled',
        inspectionId,
        laCode: DEMO_AREA.la_code,
        subjectType: 'survey',
        subjectId: survey.id,
        details: { audience: survey.audience, opensAt: period.opensAt.toISOString(), closesAt: period.closesAt.toISOString() },
      });
    }
    await recordAudit(trx, { actor: DEMO_ACTOR, action: 'demo.survey-responses-added', inspectionId, laCode: DEMO_AREA.la_code, details: { ...counts, seed } });
    return counts;
  });
}

/** Removes the demo's inspections (its previous, published one too) and accounts (the fictional area stays), then seeds it afresh. */
export async function resetDemo(database: Db, today = todayInEngland()): Promise<SeededDemo> {
  await database.kysely.transaction().execute(async (trx) => {
    const removed = await deleteDemoData(trx, DEMO_AREA.la_code, DEMO_ACCOUNTS.map((a) => a.email));
    // The inspections' person-level records went with them, but not the tables that held them.
    await dropRecordsOfDeletedImports(trx);
    await recordAudit(trx, { actor: DEMO_ACTOR, action: 'demo.reset', laCode: DEMO_AREA.la_code, details: removed });
  });
  return seedDemo(database, today);
}
