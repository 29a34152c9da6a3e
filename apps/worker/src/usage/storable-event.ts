import type { UsageEvent } from '@sluice/contracts';

const NUL = '\u0000';
const REPLACEMENT = '\uFFFD';

const clean = (value: string): string => value.replaceAll(NUL, REPLACEMENT);
const cleanOrNull = (value: string | null): string | null => (value === null ? null : clean(value));
const holdsNul = (value: string | null | undefined): boolean => value != null && value.includes(NUL);

function anyNul(event: UsageEvent): boolean {
  if ([event.requestId, event.model, event.provider, event.deploymentId, event.errorCode].some(holdsNul)) return true;
  if (holdsNul(event.bodies?.prompt?.text) || holdsNul(event.bodies?.response?.text)) return true;
  for (const key in event.metadata) if (holdsNul(key) || holdsNul(event.metadata[key])) return true;
  return false;
}

/**
 * The event with every U+0000 replaced by U+FFFD (the event itself when it has none). Postgres text and
 * jsonb cannot hold U+0000, and the gateway logs what a client sent as the model of a refused request:
 * one such character would fail the whole batch's transaction, again on every retry, and dead-letter
 * the other events with it.
 */
export function storableEvent(event: UsageEvent): UsageEvent {
  if (!anyNul(event)) return event;
  const { bodies } = event;
  return {
    ...event,
    requestId: clean(event.requestId),
    model: clean(event.model),
    provider: cleanOrNull(event.provider),
    deploymentId: cleanOrNull(event.deploymentId),
    errorCode: cleanOrNull(event.errorCode),
    metadata: Object.fromEntries(Object.entries(event.metadata).map(([k, v]) => [clean(k), clean(v)])),
    ...(bodies
      ? {
          bodies: {
            ...(bodies.prompt ? { prompt: { ...bodies.prompt, text: clean(bodies.prompt.text) } } : {}),
            ...(bodies.response ? { response: { ...bodies.response, text: clean(bodies.response.text) } } : {}),
          },
        }
      : {}),
  };
}
