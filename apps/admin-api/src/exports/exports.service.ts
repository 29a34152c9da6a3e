import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import type { ExportKind } from '@sluice/contracts';
import { orgIdOf, type Principal } from '../auth/principal';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { checkDownloadToken, downloadLinkKey, DOWNLOAD_LINK_TTL_SECONDS, signDownloadToken } from './download-token';
import { ExportQueue } from './export-queue';
import { toExportView, type DownloadLink, type ExportRow, type ExportView, type ListExportsQuery } from './export.dto';

const REQUESTED_ACTION: Record<ExportKind, string> = { audit: 'audit.export_requested', usage_report: 'usage_report.requested' };
const TARGET_TYPE: Record<ExportKind, string> = { audit: 'audit_export', usage_report: 'usage_report' };
const ROUTE_BASE: Record<ExportKind, string> = { audit: '/api/v1/audit/exports', usage_report: '/api/v1/usage-reports' };
const CONTENT_TYPE = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notFound = () => new Problem(404, 'not-found', 'No export with this id.');
const linkRefused = (detail: string) => new Problem(403, 'download-link-invalid', detail);

/**
 * Audit exports and usage reports: one export_jobs row per request (created and audited in one
 * transaction, then queued for the worker), status and progress reads, and downloads through
 * short-lived HMAC links. Everything is scoped to the caller's organization.
 */
@Injectable()
export class ExportsService {
  private readonly linkKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: ExportQueue,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
  ) {
    this.linkKey = downloadLinkKey(config.SLUICE_KEY_PEPPER);
  }

  async create(principal: Principal, kind: ExportKind, format: 'csv' | 'jsonl', filters: Record<string, unknown>, context: RequestContext): Promise<ExportView> {
    const orgId = orgIdOf(principal);
    const row = await this.dataSource.transaction(async (manager) => {
      const [created] = (await manager.query(
        `INSERT INTO export_jobs (org_id, kind, format, filters, requested_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [orgId, kind, format, JSON.stringify(filters), principal.userId],
      )) as ExportRow[];
      await appendAuditEvent(manager, {
        orgId,
        actor: { type: 'user', id: principal.userId, authMethod: 'session' },
        action: REQUESTED_ACTION[kind],
        target: { type: TARGET_TYPE[kind], id: created.id },
        after: { format, filters },
        ip: context.ip,
        userAgent: context.userAgent,
        result: 'success',
        requestId: context.requestId,
      });
      return created;
    });
    try {
      await this.queue.enqueue({ exportId: row.id, orgId, kind });
    } catch (error) {
      await this.dataSource.query(`UPDATE export_jobs SET status = 'failed', error = $2, completed_at = now() WHERE id = $1`, [row.id, `could not be queued: ${(error as Error).message}`]);
      throw new Problem(503, 'queue-unavailable', 'The export was recorded but could not be queued; try again.');
    }
    return toExportView(row);
  }

  async list(principal: Principal, kind: ExportKind, query: ListExportsQuery): Promise<{ items: ExportView[]; nextCursor: string | null }> {
    const params: unknown[] = [orgIdOf(principal), kind];
    const conditions = ['e.org_id = $1', 'e.kind = $2'];
    if (query.status) conditions.push(`e.status = $${params.push(query.status)}`);
    if (query.cursor) {
      conditions.push(`(e.created_at, e.id) < (SELECT c.created_at, c.id FROM export_jobs c WHERE c.id = $${params.push(query.cursor)} AND c.org_id = $1)`);
    }
    const rows = (await this.dataSource.query(
      `SELECT e.* FROM export_jobs e WHERE ${conditions.join(' AND ')} ORDER BY e.created_at DESC, e.id DESC LIMIT $${params.push(query.limit + 1)}`,
      params,
    )) as ExportRow[];
    const items = rows.slice(0, query.limit).map(toExportView);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }

  async get(principal: Principal, kind: ExportKind, id: string): Promise<ExportView> {
    return toExportView(await this.rowOf(orgIdOf(principal), kind, id));
  }

  async downloadLink(principal: Principal, kind: ExportKind, id: string, now = new Date()): Promise<DownloadLink> {
    const row = await this.rowOf(orgIdOf(principal), kind, id);
    if (row.status !== 'succeeded') throw new Problem(409, 'export-not-ready', `The export is ${row.status}; a link can be made once it has succeeded.`);
    const expiresAt = Math.floor(now.getTime() / 1000) + DOWNLOAD_LINK_TTL_SECONDS;
    const token = signDownloadToken(this.linkKey, kind, row.id, row.org_id, expiresAt);
    const base = `${ROUTE_BASE[kind]}/${row.id}`;
    return { url: `${base}/file?token=${token}`, manifestUrl: `${base}/manifest?token=${token}`, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  /** The export file for a download link (no session: the token is the authorization). */
  async file(kind: ExportKind, id: string, token: string): Promise<StreamableFile> {
    const row = await this.rowForToken(kind, id, token);
    const path = join(this.config.EXPORTS_DIR, basename(row.file_name as string));
    try {
      await access(path);
    } catch {
      throw new Problem(404, 'export-file-missing', 'The export file is no longer available.');
    }
    return new StreamableFile(createReadStream(path), {
      type: CONTENT_TYPE[row.format],
      disposition: `attachment; filename="${kind === 'audit' ? 'audit-export' : 'usage-report'}-${row.id}.${row.format}"`,
      length: row.file_bytes === null ? undefined : Number(row.file_bytes),
    });
  }

  /** The signed manifest for a download link. */
  async manifest(kind: ExportKind, id: string, token: string): Promise<Record<string, unknown>> {
    return (await this.rowForToken(kind, id, token)).manifest as Record<string, unknown>;
  }

  private async rowForToken(kind: ExportKind, id: string, token: string): Promise<ExportRow> {
    const row = UUID.test(id) ? ((await this.dataSource.query('SELECT * FROM export_jobs WHERE id = $1 AND kind = $2', [id, kind])) as ExportRow[])[0] : undefined;
    // Unknown exports and bad tokens answer alike, so a link cannot be used to probe for ids.
    if (!row) throw linkRefused('The download link is invalid.');
    const check = checkDownloadToken(this.linkKey, token, kind, row.id, row.org_id);
    if (!check.ok) throw linkRefused(check.reason === 'expired' ? 'The download link has expired; ask for a new one.' : 'The download link is invalid.');
    if (row.status !== 'succeeded' || !row.file_name) throw new Problem(409, 'export-not-ready', 'The export has no file.');
    return row;
  }

  private async rowOf(orgId: string, kind: ExportKind, id: string): Promise<ExportRow> {
    if (!UUID.test(id)) throw notFound();
    const [row] = (await this.dataSource.query('SELECT * FROM export_jobs WHERE id = $1 AND org_id = $2 AND kind = $3', [id, orgId, kind])) as ExportRow[];
    if (!row) throw notFound();
    return row;
  }
}

