import { Controller, Get, Req } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requestStatsSchema, type RequestStats } from '@sluice/contracts';
import { RequirePermission } from '../auth/auth.decorators';
import { type AuthenticatedRequest, callerOf, orgIdOf } from '../auth/principal';
import { ApiRoute } from '../openapi/api-route.decorator';

@Controller('api/v1/stats')
export class StatsController {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * How many gateway requests the caller's organization has logged, and since when. Any signed-in
   * role; never public (a count over every organization told anyone on the network how much traffic
   * all tenants sent).
   */
  @RequirePermission('stats:read')
  @ApiRoute({ tag: 'Analytics', summary: "Number of logged requests of the caller's organization", response: { status: 200, description: 'Count', schema: requestStatsSchema } })
  @Get('requests')
  async requests(@Req() request: AuthenticatedRequest): Promise<RequestStats> {
    const orgId = orgIdOf(callerOf(request));
    const [row] = (await this.dataSource.query('SELECT count(*)::bigint AS total, min(occurred_at) AS since FROM request_logs WHERE org_id = $1', [orgId])) as Array<{
      total: string;
      since: Date | null;
    }>;
    return requestStatsSchema.parse({ totalRequests: Number(row.total), since: row.since ? row.since.toISOString() : null });
  }
}
