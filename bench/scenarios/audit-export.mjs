import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { computeRecordHash, verifyAuditExport } from '@sluice/audit';
import { QueueName, exportJobSchema } from '@sluice/contracts';
import { createTestDatabase } from '@sluice/testing';
import { benchSecrets } from '../lib/admin-api.mjs';
import { freePort, resourceMeter, startNodeService, waitForHttp } from '../lib/processes.mjs';
import { msSince } from '../lib/percentiles.mjs';
import { deleteRedisPrefix, REDIS_URL } from '../lib/targets.mjs';
import { NODE_FLAGS } from '../../scripts/lib/node-flags.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const ACTIONS = ['api_key.created', 'api_key.revoked', 'team.updated', 'member.added', 'policy.attached', 'auth.login', 'provider.updated'];
const COLUMNS = [
  ['id', 'uuid'], ['org_id', 'uuid'], ['seq', 'bigint'], ['occurred_at', 'timestamptz'], ['actor_type', 'text'], ['actor_id', 'text'],
  ['actor_auth_method', 'text'], ['action', 'text'], ['target_type', 'text'], ['target_id', 'text'], ['before', 'jsonb'], ['after', 'jsonb'],
  ['ip', 'text'], ['user_agent', 'text'], ['result', 'text'], ['request_id', 'text'], ['prev_hash', 'text'], ['hash', 'text'],
];

/**
 * Appends `count` audit events to the org's chain, each hashed with the product's computeRecordHash
 * (libs/audit), in statements of 5,000 rows (one array parameter per column).
 */
async function generateAuditChain(client, { orgId, count, log }) {
  const start = Date.now() - count * 10 - 60_000;
  let prev = null;
  const chunk = 5000;
  for (let first = 1; first <= count; first += chunk) {
    const columns = COLUMNS.map(() => []);
    for (let seq = first; seq < Math.min(count + 1, first + chunk); seq += 1) {
      const target = randomUUID();
      const record = {
        id: randomUUID(),
        org_id: orgId,
        seq,
        occurred_at: new Date(start + seq * 10).toISOString(),
        actor_type: seq % 10 === 0 ? 'service_account' : 'user',
        actor_id: `user-${seq % 200}`,
        actor_auth_method: seq % 10 === 0 ? 'api_key' : 'oidc',
        action: ACTIONS[seq % ACTIONS.length],
        target_type: 'api_key',
        target_id: target,
        before: seq % 3 === 0 ? { name: `key ${seq - 1}`, status: 'active' } : null,
        after: { name: `key ${seq}`, status: seq % 3 === 0 ? 'revoked' : 'active', rpm: 600 + (seq % 50) },
        ip: `10.0.${seq % 250}.${seq % 200}`,
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Sluice-Portal',
        result: seq % 50 === 0 ? 'denied' : 'success',
        request_id: `req-${seq}`,
        prev_hash: prev,
      };
      record.hash = computeRecordHash(record);
      prev = record.hash;
      COLUMNS.forEach(([name, type], i) => columns[i].push(type === 'jsonb' && record[name] !== null ? JSON.stringify(record[name]) : record[name]));
    }
    await client.query(
      `INSERT INTO audit_events (${COLUMNS.map(([n]) => n).join(', ')}) SELECT * FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`,
      columns,
    );
    if (first % 200_000 === 1 || first + chunk > count) log(`audit export: ${Math.min(count, first + chunk - 1).toLocaleString('en-US')} of ${count.toLocaleString('en-US')} audit events`);
  }
}

/**
 * Audit export of N events through the real worker: N hash-chained audit events of one org, then
 * an export job (export_jobs row + `exports` queue job, as the admin API creates them) run by a worker
 * process from its build. Time from enqueue to `succeeded`, the worker's peak RSS during the job
 * (sampled from /proc every 100 ms), and the file verified offline against the signed manifest
 * (verifyAuditExport: signature, file SHA-256, every row's hash and link). CSV and JSONL.
 */
export async function auditExport({ smoke, log, scale }) {
  const count = scale?.auditEvents ?? (smoke ? 10_000 : 1_000_000);
  const db = await createTestDatabase();
  const exportsDir = mkdtempSync(join(tmpdir(), 'sluice-bench-exports-'));
  const queuePrefix = `bench-${randomUUID().slice(0, 8)}`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const port = await freePort();
  const client = new pg.Client({ connectionString: db.url });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QueueName.Exports, { connection, prefix: queuePrefix });
  let worker;
  try {
    await client.connect();
    const { rows: orgs } = await client.query(`INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id`);
    const orgId = orgs[0].id;
    let start = process.hrtime.bigint();
    await generateAuditChain(client, { orgId, count, log });
    await client.query('ANALYZE audit_events');
    const generateSeconds = msSince(start) / 1000;

    worker = startNodeService('worker', join(ROOT, 'apps/worker/dist/main.js'), {
      nodeArgs: NODE_FLAGS.worker,
      env: {
        WORKER_HEALTH_PORT: String(port),
        DATABASE_URL: db.url,
        REDIS_URL,
        QUEUE_PREFIX: queuePrefix,
        EXPORTS_DIR: exportsDir,
        ...benchSecrets(),
        SLUICE_AUDIT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, 60_000).catch((error) => {
      throw new Error(`${error.message}\n${worker.outputTail()}`);
    });
    const idleRssBytes = worker.usage().rssBytes;
    const runs = [];
    for (const format of ['csv', 'jsonl']) {
      const { rows } = await client.query(`INSERT INTO export_jobs (org_id, kind, format, filters) VALUES ($1, 'audit', $2, '{}') RETURNING id`, [orgId, format]);
      const exportId = rows[0].id;
      const meter = resourceMeter(worker.pid);
      start = process.hrtime.bigint();
      await queue.add('audit', exportJobSchema.parse({ exportId, orgId, kind: 'audit' }), { jobId: exportId });
      let job;
      for (;;) {
        job = (await client.query('SELECT status, error, file_name, file_bytes, rows_written, manifest FROM export_jobs WHERE id = $1', [exportId])).rows[0];
        if (job.status === 'succeeded' || job.status === 'failed') break;
        if (msSince(start) > 30 * 60_000) throw new Error(`export ${exportId} still ${job.status} after 30 min`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const seconds = msSince(start) / 1000;
      const resources = meter.stop();
      if (job.status !== 'succeeded') throw new Error(`export failed: ${job.error}\n${worker.outputTail()}`);
      const verification = await verifyAuditExport({ file: join(exportsDir, job.file_name), manifest: job.manifest, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
      runs.push({
        format,
        rows: Number(job.rows_written),
        fileBytes: Number(job.file_bytes),
        seconds,
        peakRssBytes: resources.peakRssBytes,
        cpuCores: resources.cpuCores,
        manifestVerifies: verification.ok,
        chainVerified: job.manifest.chainVerified ?? null,
        problem: verification.ok ? null : `${verification.problem}: ${verification.detail}`,
      });
      log(`audit export (${format}) of ${Number(job.rows_written)} events: ${seconds.toFixed(2)} s, worker peak RSS ${(resources.peakRssBytes / 2 ** 20).toFixed(0)} MiB, manifest ${verification.ok ? 'verifies' : `DOES NOT verify (${verification.problem})`}`);
    }
    return { events: count, generateSeconds, idleRssBytes, runs };
  } finally {
    await queue.close().catch(() => undefined);
    connection.disconnect();
    await client.end().catch(() => undefined);
    await worker?.stop();
    await db.drop();
    await deleteRedisPrefix(queuePrefix);
    rmSync(exportsDir, { recursive: true, force: true });
  }
}
