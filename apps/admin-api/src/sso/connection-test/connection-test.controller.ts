import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequirePermission } from '../../auth/auth.decorators';
import { type AuthenticatedRequest, orgIdOf, principalOf } from '../../auth/principal';
import { Problem } from '../../errors/problem';
import { parseInput } from '../../http/parse-body';
import { requestContextOf } from '../../http/request-context';
import { ApiRoute } from '../../openapi/api-route.decorator';
import { connectionIdParams } from '../connections/sso-connection.dto';
import { SsoConnectionsService } from '../connections/sso-connections.service';
import { auditAdminChange } from '../sso-audit';
import { connectionTestParams, connectionTestSchema, type ConnectionTest } from './connection-test.dto';
import { ConnectionTestStore } from './connection-test.store';

const TAG = 'SSO connections';

const TEST_DESCRIPTION = [
  'Starts a "test connection" run. Open `loginUrl` in the browser (it is relative to the portal origin, which forwards `/api/*`):',
  'it runs the real sign-in with this connection — enabled or not — but creates no session and changes no user or membership.',
  'When the browser comes back from the IdP, the outcome is recorded and the browser is sent (303) to the portal page',
  '`/settings/sso/{id}?test={testId}`, which reads it with `GET /api/v1/sso/connections/{id}/test/{testId}`.',
  'A run is single-use and kept for 30 minutes.',
].join(' ');

/** "Test connection" for the portal's SSO settings: a real sign-in whose outcome is recorded instead of applied. */
@Controller('api/v1/sso/connections')
export class ConnectionTestController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly connections: SsoConnectionsService,
    private readonly tests: ConnectionTestStore,
  ) {}

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: 'Start a test sign-in with this connection (nothing is applied)', description: TEST_DESCRIPTION, params: connectionIdParams, response: { status: 201, description: 'The pending run with its loginUrl', schema: connectionTestSchema }, errors: [404] })
  @Post(':id/test')
  @HttpCode(201)
  async start(@Param() params: unknown, @Req() request: AuthenticatedRequest): Promise<ConnectionTest> {
    const { id } = parseInput(connectionIdParams, params);
    const principal = principalOf(request);
    const orgId = orgIdOf(principal);
    const connection = await this.connections.find(this.dataSource.manager, orgId, id);
    const run = await this.tests.create({ connectionId: connection.id, orgId, requestedBy: principal.userId });
    await this.dataSource.transaction((manager) =>
      auditAdminChange(manager, principal, { orgId, action: 'sso.connection_test_started', target: { type: 'sso_connection', id: connection.id }, after: { testId: run.id } }, requestContextOf(request)),
    );
    return ConnectionTestStore.view(run);
  }

  @RequirePermission('sso:manage')
  @ApiRoute({
    tag: TAG,
    summary: 'A test run: pending, or succeeded with the claims and what sign-in WOULD do, or failed with the precise reason',
    params: connectionTestParams,
    response: { status: 200, description: 'The run', schema: connectionTestSchema },
    errors: [404],
  })
  @Get(':id/test/:testId')
  async get(@Param() params: unknown, @Req() request: AuthenticatedRequest): Promise<ConnectionTest> {
    const { id, testId } = parseInput(connectionTestParams, params);
    const run = await this.tests.get(testId);
    if (!run || run.connectionId !== id || run.orgId !== orgIdOf(principalOf(request))) throw new Problem(404, 'not-found', 'No test run with this id for this connection (runs are kept for 30 minutes).');
    return ConnectionTestStore.view(run);
  }
}
