import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** What the admin API module registers for alert webhooks. */
export const WEBHOOKS_CONTROLLERS = [WebhooksController];
export const WEBHOOKS_PROVIDERS = [WebhooksService];
