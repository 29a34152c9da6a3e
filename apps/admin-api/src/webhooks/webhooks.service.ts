import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CredentialCipher } from '@sluice/db';
import { EgressDeniedError, type EgressGuard } from '@sluice/egress';
import { rolesHavePermission } from '../auth/permissions';
import { orgIdOf, type Caller } from '../auth/principal';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { CREDENTIAL_CIPHER, EGRESS_GUARD } from '../providers/providers.tokens';
import {
  toDeliveryView,
  toWebhookView,
  type CreateWebhookInput,
  type DeliveryRow,
  type DeliveryView,
  type ListDeliveriesQuery,
  type ListWebhooksQuery,
  type UpdateWebhookInput,
  type WebhookRow,
  type WebhookUrlAccess,
  type WebhookView,
} from './webhook.dto';
import { sendTestDelivery, type TestDeliveryResult } from './webhook-test-delivery';
import { auditChange } from '../audit/audit-change';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new Problem(404, 'not-found', 'No webhook with this id.');
/** What the audit trail keeps of a webhook: its view with the URL redacted (the trail is read by auditors and exported). */
const auditViewOf = (row: WebhookRow) => toWebhookView(row, 'redacted');
const urlAccessOf = (caller: Caller): WebhookUrlAccess => (rolesHavePermission(caller.roles, 'webhooks:manage') ? 'full' : 'redacted');

/**
 * Alert webhooks of an organization. URLs pass the egress guard on write (no private or metadata
 * addresses) and again at delivery time in the worker; secrets are sealed with the KEK and never returned.
 * Webhooks do not affect the gateway, so changes are audited but do not bump the config version.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CREDENTIAL_CIPHER) private readonly cipher: CredentialCipher,
    @Inject(EGRESS_GUARD) private readonly egress: EgressGuard,
  ) {}

  async list(caller: Caller, query: ListWebhooksQuery): Promise<{ items: WebhookView[]; nextCursor: string | null }> {
    const params: unknown[] = [orgIdOf(caller)];
    const conditions = ['w.org_id = $1'];
    if (query.enabled) conditions.push(`w.enabled = $${params.push(query.enabled === 'true')}`);
    if (query.kind) conditions.push(`w.kind = $${params.push(query.kind)}`);
    if (query.cursor) conditions.push(`(w.created_at, w.id) < (SELECT c.created_at, c.id FROM webhooks c WHERE c.id = $${params.push(query.cursor)} AND c.org_id = $1)`);
    const rows = (await this.dataSource.query(`SELECT w.* FROM webhooks w WHERE ${conditions.join(' AND ')} ORDER BY w.created_at DESC, w.id DESC LIMIT $${params.push(query.limit + 1)}`, params)) as WebhookRow[];
    const urlAccess = urlAccessOf(caller);
    const items = rows.slice(0, query.limit).map((row) => toWebhookView(row, urlAccess));
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }

  async get(caller: Caller, id: string): Promise<WebhookView> {
    return toWebhookView(await this.rowOf(this.dataSource.manager, orgIdOf(caller), id), urlAccessOf(caller));
  }

  async create(caller: Caller, input: CreateWebhookInput, context: RequestContext): Promise<WebhookView> {
    const orgId = orgIdOf(caller);
    this.assertUrlAllowed(input.url);
    const sealed = input.secret ? this.cipher.encrypt(input.secret) : null;
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `INSERT INTO webhooks (org_id, name, url, kind, secret_ciphertext, secret_key_id, event_kinds, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [orgId, input.name, input.url, input.kind, sealed?.ciphertext ?? null, sealed?.keyId ?? null, input.eventKinds, input.enabled],
      )) as WebhookRow[];
      await auditChange(manager, caller, { orgId, action: 'webhook.created', target: { type: 'webhook', id: row.id }, before: null, after: auditViewOf(row) }, context);
      return toWebhookView(row, urlAccessOf(caller));
    });
  }

  async update(caller: Caller, id: string, input: UpdateWebhookInput, context: RequestContext): Promise<WebhookView> {
    const orgId = orgIdOf(caller);
    if (input.url !== undefined) this.assertUrlAllowed(input.url);
    return this.dataSource.transaction(async (manager) => {
      const before = await this.rowOf(manager, orgId, id, true);
      const sets: string[] = ['updated_at = now()'];
      const params: unknown[] = [before.id];
      const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
      if (input.name !== undefined) set('name', input.name);
      if (input.url !== undefined) set('url', input.url);
      if (input.kind !== undefined) set('kind', input.kind);
      if (input.eventKinds !== undefined) set('event_kinds', input.eventKinds);
      if (input.enabled !== undefined) set('enabled', input.enabled);
      if (input.secret !== undefined) {
        const sealed = input.secret === null ? null : this.cipher.encrypt(input.secret);
        set('secret_ciphertext', sealed?.ciphertext ?? null);
        set('secret_key_id', sealed?.keyId ?? null);
      }
      // node-postgres through TypeORM answers an UPDATE … RETURNING with [rows, affected].
      const [rows] = (await manager.query(`UPDATE webhooks SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, params)) as [WebhookRow[], number];
      const [after] = rows;
      // The trail cannot show a redacted URL's change, so it says whether the URL changed.
      const changes = { secretChanged: input.secret !== undefined, urlChanged: after.url !== before.url };
      await auditChange(manager, caller, { orgId, action: 'webhook.updated', target: { type: 'webhook', id: before.id }, before: auditViewOf(before), after: { ...auditViewOf(after), ...changes } }, context);
      return toWebhookView(after, urlAccessOf(caller));
    });
  }

  async remove(caller: Caller, id: string, context: RequestContext): Promise<void> {
    const orgId = orgIdOf(caller);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.rowOf(manager, orgId, id, true);
      await manager.query('DELETE FROM webhooks WHERE id = $1', [before.id]);
      await auditChange(manager, caller, { orgId, action: 'webhook.deleted', target: { type: 'webhook', id: before.id }, before: auditViewOf(before), after: null }, context);
    });
  }

  async deliveries(caller: Caller, id: string, query: ListDeliveriesQuery): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    const webhook = await this.rowOf(this.dataSource.manager, orgIdOf(caller), id);
    const params: unknown[] = [webhook.id];
    const conditions = ['d.webhook_id = $1'];
    if (query.status) conditions.push(`d.status = $${params.push(query.status)}`);
    if (query.cursor) conditions.push(`(d.created_at, d.id) < (SELECT c.created_at, c.id FROM webhook_deliveries c WHERE c.id = $${params.push(query.cursor)} AND c.webhook_id = $1)`);
    const rows = (await this.dataSource.query(
      `SELECT d.* FROM webhook_deliveries d WHERE ${conditions.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.push(query.limit + 1)}`,
      params,
    )) as DeliveryRow[];
    const items = rows.slice(0, query.limit).map(toDeliveryView);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }

  /** Sends a sample payload now (not through the queue, not recorded as a delivery) and reports what the receiver answered. */
  async test(caller: Caller, id: string): Promise<TestDeliveryResult> {
    const row = await this.rowOf(this.dataSource.manager, orgIdOf(caller), id);
    const secret = row.secret_ciphertext ? this.cipher.decrypt({ ciphertext: row.secret_ciphertext, keyId: row.secret_key_id as string }) : null;
    return sendTestDelivery(this.egress, row, secret);
  }

  private assertUrlAllowed(url: string): void {
    try {
      this.egress.assertUrlAllowed(url);
    } catch (error) {
      if (error instanceof EgressDeniedError) throw new Problem(400, 'webhook-url-not-allowed', error.message);
      throw error;
    }
  }

  private async rowOf(manager: EntityManager, orgId: string, id: string, forUpdate = false): Promise<WebhookRow> {
    if (!UUID.test(id)) throw notFound();
    const [row] = (await manager.query(`SELECT * FROM webhooks WHERE id = $1 AND org_id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [id, orgId])) as WebhookRow[];
    if (!row) throw notFound();
    return row;
  }
}
