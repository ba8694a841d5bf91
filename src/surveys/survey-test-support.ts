// Test fixtures for surveys: an inspection with a lead, its three surveys, a link and an open survey.
import { addTeamMember, createInspection, type Actor } from '../inspections/inspection.service.ts';
import { createTestUser, type TestUser } from '../platform/auth/test-users.ts';
import type { Db } from '../platform/db/database.ts';
import { addChannel, createSurveys, openSurveyNow, type Survey } from './survey.service.ts';
import type { SurveyAudience } from './survey.ts';
import type { SurveyChannelRow } from './survey.table.ts';

export type SurveyFixture = {
  inspectionId: string;
  admin: TestUser;
  lead: TestUser;
  leadActor: Actor;
  surveys: Map<SurveyAudience, Survey>;
  keySecret: string;
};

let counter = 0;

/** A notified 2023 inspection of Manchester (352) with an Ofsted lead and its three surveys, none open. */
export async function createSurveyFixture(db: Db, laCode = '352'): Promise<SurveyFixture> {
  const admin = await createTestUser(db, { organisation: 'administration', isAdmin: true });
  const adminActor = { id: admin.userId, label: admin.email };
  const lead = await createTestUser(db, { organisation: 'ofsted' });
  counter++;
  const inspection = await createInspection(
    db.kysely,
    { laCode, frameworkCode: '2023', inspectionType: 'full', notificationDate: '2026-11-09', onsiteStartDate: '2026-11-23', onsiteEndDate: '2026-11-27' },
    adminActor,
  );
  await addTeamMember(db.kysely, inspection.id, { userId: lead.userId, role: 'ofsted_lead' }, adminActor);
  const leadActor = { id: lead.userId, label: lead.email };
  const created = await createSurveys(db.kysely, inspection.id, leadActor);
  return { inspectionId: inspection.id, admin, lead, leadActor, surveys: new Map(created.map((s) => [s.audience, s])), keySecret: `test-survey-key-secret-${counter}` };
}

/** Opens the survey for an audience now and gives it one link. */
export async function openWithLink(db: Db, fixture: SurveyFixture, audience: SurveyAudience, linkName = 'Council newsletter'): Promise<{ survey: Survey; channel: SurveyChannelRow }> {
  const survey = await openSurveyNow(db.kysely, fixture.surveys.get(audience)!.id, fixture.leadActor);
  const channel = await addChannel(db.kysely, survey.id, linkName, fixture.leadActor);
  return { survey, channel };
}
