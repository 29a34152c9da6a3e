import { join } from 'node:path';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { appendAuditEvent, verifyAuditExport } from '@sluice/audit';
import { exportJobSchema } from '@sluice/contracts';
import { startOfUtcDay } from '@sluice/db';
import type { Logger } from '@sluice/observability';

const DAY = 86_400_000;
const SYSTEM = { type: 'system', id: 'worker', authMethod: 'system' } as const;

export interface AuditRetentionDeps {
  dataSource: DataSource;
  /** The `exports` queue: the export itself is made by the export worker, like any audit export. */
  exportsQueue: Queue;
  exportsDir: string;
  /** SPKI PEM of SLUICE_AUDIT_SIGNING_KEY: the export's file and signature are verified before anything is deleted. */
  publicKeyPem: string;
  logger: Logger;
}

export interface AuditPurge {
  orgId: string;
  exportId: string;
  cutoff: string;
  purgedRows: number;
  boundarySeq: number;
}

/**
 * Audit retention, one pass (only when AUDIT_RETENTION_DAYS is set). For each organization with
 * audit events older than the cutoff (UTC midnight `days` ago):
 * 1. an audit export with exactly `{ to: cutoff }` is requested (export_jobs row + `audit.export_requested`,
 *    as the admin API does) and made by the export worker (signed manifest, file under EXPORTS_DIR);
 *    a succeeded export for the same cutoff from an earlier pass is reused;
 * 2. the file is verified against the manifest and the signing key (hashes, links, signature);
 * 3. `sluice_purge_audit_events` (migration 1764100001540) deletes the exported events before the
 *    export's last one, recording the purge in `audit_retention_purges`, and `audit.retention_purged`
 *    is appended to the org's trail — one transaction.
 * Any failure leaves the events in place (logged); the next pass tries again.
 */
export async function applyAuditRetention(deps: AuditRetentionDeps, now: Date, options: { days: number; exportTimeoutMs: number }): Promise<AuditPurge[]> {
  const cutoff = startOfUtcDay(new Date(now.getTime() - options.days * DAY));
  // More than one: the newest exported event stays as the chain's boundary, so one old event is nothing to purge.
  const orgs = (await deps.dataSource.query(`SELECT org_id FROM audit_events WHERE occurred_at < $1 GROUP BY org_id HAVING count(*) > 1`, [cutoff])) as Array<{ org_id: string }>;
  const purges: AuditPurge[] = [];
  for (const { org_id: orgId } of orgs) {
    try {
      purges.push(await purgeOrg(deps, orgId, cutoff, options.exportTimeoutMs));
    } catch (error) {
      deps.logger.error({ orgId, cutoff: cutoff.toISOString(), err: error }, 'audit retention: nothing deleted for this organization');
    }
  }
  return purges;
}

async function purgeOrg(deps: AuditRetentionDeps, orgId: string, cutoff: Date, exportTimeoutMs: number): Promise<AuditPurge> {
  const exportId = await exportFor(deps, orgId, cutoff);
  const row = await waitForExport(deps.dataSource, exportId, exportTimeoutMs);
  const verification = await verifyAuditExport({ file: join(deps.exportsDir, row.file_name), manifest: row.manifest, publicKeyPem: deps.publicKeyPem });
  if (!verification.ok) throw new Error(`audit retention export ${exportId} does not verify (${verification.problem}): nothing deleted`);
  return deps.dataSource.transaction(async (manager) => {
    const [purge] = (await manager.query('SELECT purge_id, purged_rows, boundary_seq, boundary_hash FROM sluice_purge_audit_events($1, $2, $3)', [orgId, cutoff, exportId])) as Array<{
      purge_id: string;
      purged_rows: string;
      boundary_seq: string;
      boundary_hash: string;
    }>;
    if (!purge) throw new Error(`audit retention export ${exportId} is empty`);
    await appendAuditEvent(manager, {
      orgId,
      actor: SYSTEM,
      action: 'audit.retention_purged',
      target: { type: 'audit_export', id: exportId },
      after: {
        cutoff: cutoff.toISOString(),
        purgedRows: Number(purge.purged_rows),
        boundarySeq: Number(purge.boundary_seq),
        boundaryHash: purge.boundary_hash,
        exportFileSha256: (row.manifest as { fileSha256: string }).fileSha256,
        purgeId: purge.purge_id,
      },
      result: 'success',
    });
    deps.logger.info({ orgId, exportId, cutoff: cutoff.toISOString(), purgedRows: Number(purge.purged_rows) }, 'audit events past retention exported and deleted');
    return { orgId, exportId, cutoff: cutoff.toISOString(), purgedRows: Number(purge.purged_rows), boundarySeq: Number(purge.boundary_seq) };
  });
}

/** A succeeded or pending retention export for this cutoff, else a new one (requested and audited like the admin API's). */
async function exportFor(deps: AuditRetentionDeps, orgId: string, cutoff: Date): Promise<string> {
  const filters = { to: cutoff.toISOString() };
  const [existing] = (await deps.dataSource.query(
    `SELECT id FROM export_jobs WHERE org_id = $1 AND kind = 'audit' AND filters = $2::jsonb AND requested_by IS NULL AND status IN ('queued', 'running', 'succeeded')
      ORDER BY created_at DESC LIMIT 1`,
    [orgId, JSON.stringify(filters)],
  )) as Array<{ id: string }>;
  if (existing) return existing.id;
  const id = await deps.dataSource.transaction(async (manager) => {
    const [created] = (await manager.query(`INSERT INTO export_jobs (org_id, kind, format, filters) VALUES ($1, 'audit', 'jsonl', $2) RETURNING id`, [orgId, JSON.stringify(filters)])) as Array<{ id: string }>;
    await appendAuditEvent(manager, { orgId, actor: SYSTEM, action: 'audit.export_requested', target: { type: 'audit_export', id: created.id }, after: { filters, format: 'jsonl', reason: 'audit retention' }, result: 'success' });
    return created.id;
  });
  await deps.exportsQueue.add('audit', exportJobSchema.parse({ exportId: id, orgId, kind: 'audit' }), { jobId: id, attempts: 2, backoff: { type: 'exponential', delay: 5000 } });
  return id;
}

async function waitForExport(dataSource: DataSource, exportId: string, timeoutMs: number): Promise<{ file_name: string; manifest: unknown }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = (await dataSource.query(`SELECT status, file_name, manifest, error FROM export_jobs WHERE id = $1`, [exportId])) as Array<{
      status: string;
      file_name: string | null;
      manifest: unknown;
      error: string | null;
    }>;
    if (row?.status === 'succeeded' && row.file_name) return { file_name: row.file_name, manifest: row.manifest };
    if (!row || row.status === 'failed') throw new Error(`audit retention export ${exportId} failed: ${row?.error ?? 'missing'}`);
    if (Date.now() >= deadline) throw new Error(`audit retention export ${exportId} did not finish within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
