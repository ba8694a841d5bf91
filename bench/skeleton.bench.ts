// Benchmarks of the skeleton: a signed-in page through the whole stack (sessions, permission
// checks, Nunjucks, CSP) against a bare Fastify route in the same run; and audited writes
// against raw inserts of the same rows.
import Fastify from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { prepareDatabase } from '../src/bootstrap.ts';
import { seedDemo } from '../src/demo/demo.service.ts';
import { recordAudit } from '../src/platform/audit.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { csrfTokenIn, testConfig } from '../src/platform/web/test-app.ts';
import { load, timeIt } from './measure.ts';

export type BenchResult = { name: string; engine: string; figures: Record<string, unknown> };

async function signIn(base: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0];
  const csrf = csrfTokenIn(await page.text()) ?? '';
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, email, password }),
  });
  return (response.headers.getSetCookie()[0] ?? cookie).split(';')[0];
}

export async function benchSkeleton(engine: 'pglite' | 'postgres', connectionString?: string): Promise<BenchResult[]> {
  const db = engine === 'postgres' ? await openDatabase({ kind: 'postgres', connectionString: connectionString! }) : await openDatabase({ kind: 'pglite-memory' });
  const results: BenchResult[] = [];
  try {
    await prepareDatabase(db);
    const demo = await seedDemo(db, '2026-11-22');
    const lead = demo.accounts.find((a) => a.email.startsWith('ofsted.lead'))!;
    const app = await buildApp({ config: testConfig({ signInRateLimitPerMinute: 10_000 }), db, logger: false });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const cookie = await signIn(base, lead.email, lead.password);
    const pageUrl = `${base}/inspections/${demo.inspectionId}`;
    const pageBody = await (await fetch(pageUrl, { headers: { cookie } })).text();
    if (!pageBody.includes(demo.inspectionReference)) throw new Error('The benchmark could not reach the dashboard signed in');

    const bare = Fastify({ logger: false });
    bare.get('/', async (_request, reply) => reply.type('text/html').send(pageBody));
    const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });

    const settings = { seconds: 5, concurrency: 10 };
    await load(bareBase, { ...settings, seconds: 1 });
    const baseline = await load(bareBase, settings);
    await load(pageUrl, { ...settings, seconds: 1, headers: { cookie } });
    const product = await load(pageUrl, { ...settings, headers: { cookie } });
    results.push({
      name: 'inspection-dashboard',
      engine,
      figures: { concurrency: settings.concurrency, bytes: pageBody.length, product, baseline, shareOfBaseline: Number((product.perSecond / baseline.perSecond).toFixed(3)) },
    });
    await bare.close();
    await app.close();

    const rows = 5000;
    await sql`create temporary table bench_raw (actor text, action text, details jsonb)`.execute(db.kysely);
    const raw = await timeIt(() =>
      db.kysely.transaction().execute(async (trx) => {
        for (let i = 0; i < rows; i++) await sql`insert into bench_raw values (${lead.email}, ${'bench.write'}, ${JSON.stringify({ i })})`.execute(trx);
      }),
    );
    const audited = await timeIt(() =>
      db.kysely.transaction().execute(async (trx) => {
        for (let i = 0; i < rows; i++) await recordAudit(trx, { actor: { id: null, label: lead.email }, action: 'bench.write', details: { i } });
      }),
    );
    results.push({
      name: 'audited-write',
      engine,
      figures: { rows, auditedMs: audited.ms, rawMs: raw.ms, auditedPerSecond: Math.round(rows / (audited.ms / 1000)), rawPerSecond: Math.round(rows / (raw.ms / 1000)), ratio: Number((audited.ms / raw.ms).toFixed(2)) },
    });
  } finally {
    await db.close();
  }
  return results;
}
