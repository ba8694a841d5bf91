// Seeds (and resets) the demonstration: a fictional area, one account per role and one 2023-framework
// full inspection in fieldwork, made through the same use cases people use, so it is audited too.
import type { Kysely } from 'kysely';
import { addFictionalArea } from '../areas/area.service.ts';
import { addTeamMember, createInspection, transitionInspection } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import { createUser } from '../platform/auth/user.service.ts';
import type { Database } from '../platform/db/schema.ts';
import { DEMO_ACCOUNTS, DEMO_AREA, demoInspectionDates } from './demo.ts';
import { countAccounts, deleteDemoData, findAccountIdsByEmail } from './demo.repository.ts';

const DEMO_ACTOR = { id: null, label: 'demo' };

export type SeededDemo = {
  accounts: { role: string; email: string; password: string }[];
  inspectionId: string;
  inspectionReference: string;
};

/** Today's date in England, as 'YYYY-MM-DD'. */
export function todayInEngland(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A database with no accounts at all is new: `start` seeds the demo into it. */
export async function isNewDatabase(db: Kysely<Database>): Promise<boolean> {
  return (await countAccounts(db)) === 0;
}

export async function isDemoPresent(db: Kysely<Database>): Promise<boolean> {
  return (await findAccountIdsByEmail(db, DEMO_ACCOUNTS.map((a) => a.email))).length > 0;
}

export async function seedDemo(db: Kysely<Database>, today = todayInEngland()): Promise<SeededDemo> {
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
  const inspection = await createInspection(
    db,
    { laCode: DEMO_AREA.la_code, frameworkCode: '2023', inspectionType: 'full', ...demoInspectionDates(today) },
    admin,
  );
  for (const account of DEMO_ACCOUNTS.filter((a) => a.teamRole)) {
    await addTeamMember(db, inspection.id, { userId: ids.get(account.email)!, role: account.teamRole! }, admin);
  }
  const lead = DEMO_ACCOUNTS.find((a) => a.teamRole === 'ofsted_lead')!;
  const leadActor = { id: ids.get(lead.email)!, label: lead.email };
  await transitionInspection(db, inspection.id, { to: 'notified' }, leadActor);
  await transitionInspection(db, inspection.id, { to: 'fieldwork' }, leadActor);
  return { accounts, inspectionId: inspection.id, inspectionReference: inspection.reference };
}

/** Removes the demo's inspections and accounts (the fictional area stays), then seeds it afresh. */
export async function resetDemo(db: Kysely<Database>, today = todayInEngland()): Promise<SeededDemo> {
  await db.transaction().execute(async (trx) => {
    const removed = await deleteDemoData(trx, DEMO_AREA.la_code, DEMO_ACCOUNTS.map((a) => a.email));
    await recordAudit(trx, { actor: DEMO_ACTOR, action: 'demo.reset', laCode: DEMO_AREA.la_code, details: removed });
  });
  return seedDemo(db, today);
}
