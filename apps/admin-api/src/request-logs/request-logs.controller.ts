import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { principalOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import { listRequestLogsQuerySchema, requestLogDetailSchema, requestLogViewSchema, type RequestLogDetail, type RequestLogView } from './request-log.dto';
import { RequestLogsService } from './request-logs.service';

/** Gateway request logs: every role, scoped like analytics (own keys, administered teams, or the whole org). */
@Controller('api/v1/request-logs')
export class RequestLogsController {
  constructor(private readonly logs: RequestLogsService) {}

  @RequirePermission('analytics:read')
  @ApiRoute({ tag: 'Request logs', summary: 'Search request logs, newest first (keyset cursor)', query: listRequestLogsQuerySchema, response: { status: 200, description: 'A page of request logs', schema: pageOf(requestLogViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: RequestLogView[]; nextCursor: string | null }> {
    return this.logs.list(principalOf(request), parseInput(listRequestLogsQuerySchema, query));
  }

  @RequirePermission('analytics:read')
  @ApiRoute({ tag: 'Request logs', summary: 'One request log: metadata and, when the logging policy stored them, the redacted prompt and response', params: idParams, response: { status: 200, description: 'The request log', schema: requestLogDetailSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<RequestLogDetail> {
    return this.logs.get(principalOf(request), id);
  }
}
