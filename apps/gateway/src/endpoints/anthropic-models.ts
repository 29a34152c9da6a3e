import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error';

/** A model as Anthropic's Models API answers it. */
export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
}

export interface AnthropicModelPage {
  data: AnthropicModel[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

/** The release date of a model is not known to the gateway: the epoch, like `created: 0` in OpenAI's shape. */
const UNKNOWN_RELEASE = new Date(0).toISOString();

const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(20),
  after_id: z.string().min(1).optional(),
  before_id: z.string().min(1).optional(),
});

export function anthropicModel(name: string): AnthropicModel {
  return { type: 'model', id: name, display_name: name, created_at: UNKNOWN_RELEASE };
}

/**
 * One page of `names` (sorted) as `GET /v1/models` answers Anthropic clients: `limit` models after
 * `after_id` or before `before_id`, with `has_more` and the page's first and last id, which the SDK's
 * auto-pagination follows.
 */
export function anthropicModelPage(names: readonly string[], query: unknown): AnthropicModelPage {
  const parsed = pageQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw GatewayError.invalidRequest(`${String(issue.path[0])}: ${issue.message}`, String(issue.path[0]));
  }
  const { limit, after_id: after, before_id: before } = parsed.data;
  let page: readonly string[];
  let hasMore: boolean;
  if (before !== undefined) {
    const end = names.filter((n) => n < before).length;
    page = names.slice(Math.max(0, end - limit), end);
    hasMore = end > limit;
  } else {
    const start = after === undefined ? 0 : names.filter((n) => n <= after).length;
    page = names.slice(start, start + limit);
    hasMore = start + limit < names.length;
  }
  return { data: page.map(anthropicModel), has_more: hasMore, first_id: page[0] ?? null, last_id: page.at(-1) ?? null };
}
