import { Controller, Get, Query, Req } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { auditFiltersSchema, auditRecordSchema, searchAuditEvents, verifyAuditChain, type AuditChainVerification, type AuditSearchResult } from '@sluice/audit';
import { RequirePermission } from '../auth/auth.decorators';
import { type AuthenticatedRequest, orgIdOf, principalOf } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { ApiRoute } from '../openapi/api-route.decorator';
import { pageOf } from '../openapi/common-schemas';
import { auditLabelsOf, auditLabelsSchema } from './audit-labels';

const pageSchema = z.strictObject({
  cursor: z.string().regex(/^[1-9][0-9]{0,15}$/, 'invalid cursor').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const auditEventsQuerySchema = z.object({ ...auditFiltersSchema.shape, ...pageSchema.shape });

const retentionStartSchema = z
  .object({ keptSeq: z.number().int(), purgedAt: z.string(), exportId: z.string() })
  .optional()
  .describe('Present when audit retention purged the oldest events: the walk starts after the kept boundary event, whose hash the purge recorded; the purged events are in the signed export');
const verificationSchema = z.union([
  z.object({ ok: z.literal(true), count: z.number().int(), lastSeq: z.number().int().nullable(), lastHash: z.string().nullable(), retention: retentionStartSchema }),
  z.object({
    ok: z.literal(false),
    retention: retentionStartSchema,
    count: z.number().int().describe('Events verified before the break'),
    firstBrokenSeq: z.number().int(),
    reason: z.string(),
    detail: z.string(),
    lastGoodSeq: z.number().int().nullable(),
    lastGoodHash: z.string().nullable(),
  }),
]);

/** The organization's audit trail: search (newest first, keyset cursor) and chain verification. Auditors and admins. */
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @RequirePermission('audit:read')
  @ApiRoute({ tag: 'Audit', summary: 'Search the audit trail, newest first', query: auditEventsQuerySchema, response: { status: 200, description: 'A page of audit events and the names of their actors and targets', schema: pageOf(auditRecordSchema).extend({ labels: auditLabelsSchema }) } })
  @Get('events')
  async events(@Query() query: Record<string, unknown>, @Req() request: AuthenticatedRequest): Promise<AuditSearchResult & { labels: Record<string, string> }> {
    const { cursor, limit, ...filters } = query ?? {};
    const page = parseInput(pageSchema, { cursor, limit });
    const orgId = orgIdOf(principalOf(request));
    const result = await searchAuditEvents(this.dataSource, orgId, parseInput(auditFiltersSchema, filters), page);
    return { ...result, labels: await auditLabelsOf(this.dataSource.manager, orgId, result.items) };
  }

  @RequirePermission('audit:read')
  @ApiRoute({ tag: 'Audit', summary: 'Re-walk the hash chain and report the first broken link', response: { status: 200, description: 'The verification result', schema: verificationSchema } })
  @Get('verify')
  verify(@Req() request: AuthenticatedRequest): Promise<AuditChainVerification> {
    return verifyAuditChain(this.dataSource, orgIdOf(principalOf(request)));
  }
}

