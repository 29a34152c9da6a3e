import { Controller, Get, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { principalOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { ApiRoute } from '../openapi/api-route.decorator';
import { analyticsFiltersSchema, breakdownQuerySchema, breakdownSchema, summarySchema, timeseriesQuerySchema, timeseriesSchema } from './analytics.dto';
import { AnalyticsService } from './analytics.service';

/**
 * Usage analytics from usage_rollups. Every signed-in role may call them; the rows counted are the
 * caller's own keys, plus the teams they administer, or the whole org for admins and auditors.
 */
@Controller('api/v1/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @RequirePermission('analytics:read')
  @ApiRoute({ tag: 'Analytics', summary: 'Totals over a range: requests, tokens, cost, error and cache hit rates, latency percentiles', query: analyticsFiltersSchema, response: { status: 200, description: 'Summary cards', schema: summarySchema } })
  @Get('summary')
  summary(@Query() query: unknown, @Req() request: AuthenticatedRequest) {
    return this.analytics.summary(principalOf(request), parseInput(analyticsFiltersSchema, query));
  }

  @RequirePermission('analytics:read')
  @ApiRoute({ tag: 'Analytics', summary: 'One metric over time, optionally one series per team/key/user/model/provider (top N + other)', query: timeseriesQuerySchema, response: { status: 200, description: 'Series of points, one per grain bucket', schema: timeseriesSchema } })
  @Get('timeseries')
  timeseries(@Query() query: unknown, @Req() request: AuthenticatedRequest) {
    return this.analytics.timeseries(principalOf(request), parseInput(timeseriesQuerySchema, query));
  }

  @RequirePermission('analytics:read')
  @ApiRoute({ tag: 'Analytics', summary: 'Totals per team, key, user, model or provider over a range, sorted', query: breakdownQuerySchema, response: { status: 200, description: 'One row per group', schema: breakdownSchema } })
  @Get('breakdown')
  breakdown(@Query() query: unknown, @Req() request: AuthenticatedRequest) {
    return this.analytics.breakdown(principalOf(request), parseInput(breakdownQuerySchema, query));
  }
}
