// SQL for the demonstration data: finding it, and removing exactly what the seeder made.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

export async function countAccounts(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findAccountIdsByEmail(db: Kysely<Database>, emails: readonly string[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await db.selectFrom('app_user').select('id').where('email', 'in', [...emails]).execute();
  return rows.map((r) => r.id);
}

/**
 * Removes the demo area's inspections (their teams and histories go with them) and the demo
 * accounts (their sessions and memberships go with them). The audit log keeps its record.
 */
export async function deleteDemoData(db: Kysely<Database>, laCode: string, emails: readonly string[]): Promise<{ inspections: number; accounts: number }> {
  const inspections = await db.deleteFrom('inspection').where('la_code', '=', laCode).executeTakeFirst();
  const accountIds = await findAccountIdsByEmail(db, emails);
  let accounts = 0;
  if (accountIds.length > 0) {
    // Other inspections may name a demo account as their creator or in their history: keep those rows, forget the person.
    await db.updateTable('inspection').set({ created_by: null }).where('created_by', 'in', accountIds).execute();
    await db.updateTable('inspection_transition').set({ actor_user_id: null }).where('actor_user_id', 'in', accountIds).execute();
    accounts = Number((await db.deleteFrom('app_user').where('id', 'in', accountIds).executeTakeFirst()).numDeletedRows);
  }
  return { inspections: Number(inspections.numDeletedRows), accounts };
}
