import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import {
  createWebhookSchema,
  deliveryViewSchema,
  emptyBodySchema,
  listDeliveriesQuerySchema,
  listWebhooksQuerySchema,
  testDeliveryResultSchema,
  updateWebhookSchema,
  webhookViewSchema,
  type DeliveryView,
  type WebhookView,
} from './webhook.dto';
import type { TestDeliveryResult } from './webhook-test-delivery';
import { WebhooksService } from './webhooks.service';

const TAG = 'Webhooks';

/** Where the organization's alerts (budget thresholds, error-rate and latency spikes, expiring keys) are delivered. */
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @RequirePermission('webhooks:read')
  @ApiRoute({ tag: TAG, summary: 'List the organization’s webhooks, newest first', query: listWebhooksQuerySchema, response: { status: 200, description: 'A page of webhooks', schema: pageOf(webhookViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: WebhookView[]; nextCursor: string | null }> {
    return this.webhooks.list(callerOf(request), parseInput(listWebhooksQuerySchema, query));
  }

  @RequirePermission('webhooks:manage')
  @ApiRoute({ tag: TAG, summary: 'Create a webhook (URLs to private or metadata addresses are refused)', body: createWebhookSchema, response: { status: 201, description: 'The webhook', schema: webhookViewSchema } })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<WebhookView> {
    return this.webhooks.create(callerOf(request), parseInput(createWebhookSchema, body), requestContextOf(request));
  }

  @RequirePermission('webhooks:read')
  @ApiRoute({ tag: TAG, summary: 'A webhook (the secret is never returned)', params: idParams, response: { status: 200, description: 'The webhook', schema: webhookViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<WebhookView> {
    return this.webhooks.get(callerOf(request), id);
  }

  @RequirePermission('webhooks:manage')
  @ApiRoute({ tag: TAG, summary: 'Change a webhook’s name, URL, kind, secret, event kinds or enabled flag', params: idParams, body: updateWebhookSchema, response: { status: 200, description: 'The webhook', schema: webhookViewSchema }, errors: [404] })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<WebhookView> {
    return this.webhooks.update(callerOf(request), id, parseInput(updateWebhookSchema, body), requestContextOf(request));
  }

  @RequirePermission('webhooks:manage')
  @ApiRoute({ tag: TAG, summary: 'Delete a webhook and its delivery log', params: idParams, response: { status: 204, description: 'Deleted' }, errors: [404] })
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.webhooks.remove(callerOf(request), id, requestContextOf(request));
  }

  @RequirePermission('webhooks:manage')
  @ApiRoute({ tag: TAG, summary: 'Send a sample payload to the webhook now and report the answer', params: idParams, body: emptyBodySchema, response: { status: 200, description: 'What the receiver answered', schema: testDeliveryResultSchema }, errors: [404] })
  @Post(':id/test')
  @HttpCode(200)
  test(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<TestDeliveryResult> {
    parseInput(emptyBodySchema, body);
    return this.webhooks.test(callerOf(request), id);
  }

  @RequirePermission('webhooks:read')
  @ApiRoute({ tag: TAG, summary: 'Delivery log of a webhook, newest first', params: idParams, query: listDeliveriesQuerySchema, response: { status: 200, description: 'A page of deliveries', schema: pageOf(deliveryViewSchema) }, errors: [404] })
  @Get(':id/deliveries')
  deliveries(@Param('id') id: string, @Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    return this.webhooks.deliveries(callerOf(request), id, parseInput(listDeliveriesQuerySchema, query));
  }
}
