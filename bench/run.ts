// `npm run bench`: runs the benchmarks on both engines, writes bench/results/<name>.json and
// refreshes the figures in docs/benchmarks.md.
import fs from 'node:fs';
import path from 'node:path';
import { createPostgresTestDatabase, isPostgresReachable } from '../src/platform/db/test-database.ts';
import { benchSkeleton, type BenchResult } from './skeleton.bench.ts';

const RESULTS = path.join(import.meta.dirname, 'results');
const DOC = path.join(import.meta.dirname, '..', 'docs', 'benchmarks.md');

function table(results: BenchResult[]): string {
  const lines = ['| benchmark | engine | product | baseline in the same run | ratio |', '|---|---|---|---|---|'];
  for (const r of results) {
    const f = r.figures as Record<string, never>;
    if (r.name === 'inspection-dashboard') {
      const p = f.product as { perSecond: number; p50Ms: number; p99Ms: number; errors: number };
      const b = f.baseline as { perSecond: number; p50Ms: number; p99Ms: number };
      lines.push(`| ${r.name} (GET, signed in, ${f.concurrency} connections) | ${r.engine} | ${p.perSecond} req/s, p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms, ${p.errors} errors | bare Fastify, same page body: ${b.perSecond} req/s, p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms | ${f.shareOfBaseline} of baseline |`);
    } else {
      lines.push(`| ${r.name} (${f.rows} rows, one transaction) | ${r.engine} | ${f.auditedPerSecond} rows/s (${f.auditedMs} ms) | raw insert: ${f.rawPerSecond} rows/s (${f.rawMs} ms) | ${f.ratio}× the raw time |`);
    }
  }
  return lines.join('\n');
}

const results: BenchResult[] = [];
console.log('Benchmark: skeleton on PGlite');
results.push(...(await benchSkeleton('pglite')));
if (await isPostgresReachable()) {
  console.log('Benchmark: skeleton on PostgreSQL');
  const target = await createPostgresTestDatabase();
  try {
    results.push(...(await benchSkeleton('postgres', target.connectionString)));
  } finally {
    await target.drop();
  }
} else {
  console.log('PostgreSQL did not answer: its benchmarks were skipped.');
}

fs.mkdirSync(RESULTS, { recursive: true });
const measuredAt = new Date().toISOString();
for (const name of new Set(results.map((r) => r.name))) {
  fs.writeFileSync(path.join(RESULTS, `${name}.json`), `${JSON.stringify({ measuredAt, results: results.filter((r) => r.name === name) }, null, 2)}\n`);
}
const doc = fs.readFileSync(DOC, 'utf8');
const marker = /<!-- figures -->[\s\S]*<!-- \/figures -->/;
fs.writeFileSync(DOC, doc.replace(marker, `<!-- figures -->\nMeasured ${measuredAt} (2 cores; compare with the baseline, not across machines).\n\n${table(results)}\n<!-- /figures -->`));
console.log(table(results));
