import type { DeadLetterView } from './dead-letter.dto';

type Payload = Record<string, unknown> | null;

const asRecord = (value: unknown): Payload => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

/** Every orgId a payload names: a usage batch's events, or a semantic-cache job. Malformed payloads may name none. */
export function orgIdsOf(payload: unknown): Set<string> {
  const record = asRecord(payload);
  const ids = new Set<string>();
  if (!record) return ids;
  if (typeof record.orgId === 'string') ids.add(record.orgId);
  if (Array.isArray(record.events)) {
    for (const event of record.events) {
      const orgId = asRecord(event)?.orgId;
      ids.add(typeof orgId === 'string' ? orgId : '');
    }
  }
  return ids;
}

/** Counts and ids only: prompts, responses and anything else in the payload stay in Redis. */
export function payloadSummaryOf(payload: unknown): DeadLetterView['payloadSummary'] {
  const record = asRecord(payload);
  const events = Array.isArray(record?.events) ? (record.events as unknown[]) : null;
  const requestIds = (events ?? [record])
    .map((e) => asRecord(e)?.requestId)
    .filter((id): id is string => typeof id === 'string')
    .slice(0, 10);
  const model = typeof record?.model === 'string' ? record.model : null;
  return { events: events ? events.length : null, requestIds, model };
}
