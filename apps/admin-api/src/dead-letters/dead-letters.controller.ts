import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { pageOf } from '../openapi/common-schemas';
import { deadLetterParamsSchema, deadLetterViewSchema, emptyBodySchema, listDeadLettersQuerySchema, retryResultSchema, type DeadLetterView, type RetryResult } from './dead-letter.dto';
import { DeadLettersService } from './dead-letters.service';

const TAG = 'Dead letters';

/** Jobs the worker could not process (usage batches, semantic-cache writes, exports, alerts): owners, admins and auditors list them; owners and admins retry or discard them. */
@Controller('api/v1/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @RequirePermission('dead_letters:read')
  @ApiRoute({ tag: TAG, summary: 'Dead-lettered jobs of the organization, newest first (payload summarized, never shown); read-only for auditors', query: listDeadLettersQuerySchema, response: { status: 200, description: 'A page of dead letters', schema: pageOf(deadLetterViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: DeadLetterView[]; nextCursor: string | null }> {
    return this.deadLetters.list(callerOf(request), parseInput(listDeadLettersQuerySchema, query));
  }

  @RequirePermission('dead_letters:manage')
  @ApiRoute({ tag: TAG, summary: 'Send a dead-lettered job back to its queue as a new job; the dead letter is removed', params: deadLetterParamsSchema, body: emptyBodySchema, response: { status: 200, description: 'The new job', schema: retryResultSchema }, errors: [404, 409] })
  @Post(':id/retry')
  @HttpCode(200)
  retry(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<RetryResult> {
    parseInput(emptyBodySchema, body);
    return this.deadLetters.retry(callerOf(request), id, requestContextOf(request));
  }

  @RequirePermission('dead_letters:manage')
  @ApiRoute({ tag: TAG, summary: 'Discard a dead-lettered job for good (audited with its queue, reason and payload summary)', params: deadLetterParamsSchema, response: { status: 204, description: 'Discarded' }, errors: [404] })
  @Delete(':id')
  @HttpCode(204)
  async discard(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.deadLetters.discard(callerOf(request), id, requestContextOf(request));
  }
}
