import { isPostgresStorable, postgresStorable, type UsageEvent } from '@sluice/contracts';

const clean = postgresStorable;
const cleanOrNull = (value: string | null): string | null => (value === null ? null : clean(value));
const unstorable = (value: string | null | undefined): boolean => value != null && !isPostgresStorable(value);

function anyUnstorable(event: UsageEvent): boolean {
  if ([event.requestId, event.model, event.provider, event.deploymentId, event.errorCode].some(unstorable)) return true;
  if (unstorable(event.bodies?.prompt?.text) || unstorable(event.bodies?.response?.text)) return true;
  for (const key in event.metadata) if (unstorable(key) || unstorable(event.metadata[key])) return true;
  return false;
}

/**
 * The event with every U+0000 and every lone surrogate replaced by U+FFFD (the event itself when it has
 * none). Postgres text and jsonb cannot hold U+0000, jsonb refuses a lone surrogate, and both reach
 * events: the gateway logs what a client sent as the model of a refused request, and a logged prompt or
 * answer cut at its size limit can split an emoji's surrogate pair. One such character would fail the
 * whole batch's transaction, again on every retry, and dead-letter the other events with it.
 */
export function storableEvent(event: UsageEvent): UsageEvent {
  if (!anyUnstorable(event)) return event;
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
