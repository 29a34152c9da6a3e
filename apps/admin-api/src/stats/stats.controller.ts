import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requestStatsSchema, type RequestStats } from '@sluice/contracts';
import { Public } from '../auth/auth.decorators';
import { ApiRoute } from '../openapi/api-route.decorator';

@Controller('api/v1/stats')
export class StatsController {
  constructor(private readonly dataSource: DataSource) {}

  /** How many gateway requests have been logged, and since when. */
  // Public for now: the e2e suite and the portal home page read it without a session. To become
  // `@RequirePermission('stats:read')` (any signed-in role) once the portal signs in.
  @Public()
  @ApiRoute({ tag: 'Analytics', summary: 'Total number of logged requests', response: { status: 200, description: 'Count', schema: requestStatsSchema } })
  @Get('requests')
  async requests(): Promise<RequestStats> {
    const [row] = (await this.dataSource.query('SELECT count(*)::bigint AS total, min(occurred_at) AS since FROM request_logs')) as Array<{
      total: string;
      since: Date | null;
    }>;
    return requestStatsSchema.parse({ totalRequests: Number(row.total), since: row.since ? row.since.toISOString() : null });
  }
}
