import { z } from 'zod';
import { MODEL_ACCESS_REQUEST_STATUSES } from '@sluice/db';
import { pageQueryShape } from '../catalog/sorted-page';

/** Strict: status, decision or org fields are a 400. */
export const createModelAccessRequestSchema = z.strictObject({
  teamId: z.uuid(),
  model: z.string().trim().min(1).max(200).describe('Name of a catalog model'),
  reason: z.string().trim().max(2000).default(''),
});
export type CreateModelAccessRequestInput = z.output<typeof createModelAccessRequestSchema>;

export const approveModelAccessRequestSchema = z.strictObject({
  reason: z.string().trim().max(2000).optional(),
});

export const denyModelAccessRequestSchema = z.strictObject({
  reason: z.string().trim().min(1).max(2000).describe('Shown to the requester'),
});

export const listModelAccessRequestsQuerySchema = z.strictObject({
  ...pageQueryShape,
  status: z.enum(MODEL_ACCESS_REQUEST_STATUSES).optional(),
  teamId: z.uuid().optional(),
});
export type ListModelAccessRequestsQuery = z.output<typeof listModelAccessRequestsQuerySchema>;

export const modelAccessRequestViewSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  teamId: z.uuid(),
  teamName: z.string(),
  modelId: z.uuid(),
  model: z.string(),
  requestedBy: z.uuid().nullable().describe('The requesting user; null when a service account asked or the user was deleted'),
  reason: z.string(),
  status: z.enum(MODEL_ACCESS_REQUEST_STATUSES),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.iso.datetime({ offset: true }).nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ModelAccessRequestView = z.output<typeof modelAccessRequestViewSchema>;

/** A request row joined with its team and model names. */
export interface ModelAccessRequestRow {
  id: string;
  org_id: string;
  team_id: string;
  team_name: string;
  model_id: string;
  model_name: string;
  requested_by: string | null;
  reason: string;
  status: ModelAccessRequestView['status'];
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  created_at: Date;
}

export const MODEL_ACCESS_REQUEST_SELECT = `
  SELECT r.id, r.org_id, r.team_id, t.name AS team_name, r.model_id, m.name AS model_name, r.requested_by, r.reason, r.status,
         r.decided_by, r.decided_at, r.decision_reason, r.created_at
    FROM model_access_requests r
    JOIN teams t ON t.id = r.team_id
    JOIN models m ON m.id = r.model_id`;

export function toModelAccessRequestView(row: ModelAccessRequestRow): ModelAccessRequestView {
  return {
    id: row.id,
    orgId: row.org_id,
    teamId: row.team_id,
    teamName: row.team_name,
    modelId: row.model_id,
    model: row.model_name,
    requestedBy: row.requested_by,
    reason: row.reason,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
    createdAt: row.created_at.toISOString(),
  };
}
