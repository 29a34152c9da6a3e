import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../../auth/auth.decorators';
import { principalOf, type AuthenticatedRequest } from '../../auth/principal';
import { parseInput } from '../../http/parse-body';
import { requestContextOf } from '../../http/request-context';
import { ApiRoute } from '../../openapi/api-route.decorator';
import { idParams, pageOf } from '../../openapi/common-schemas';
import { GroupMappingsService, type MappingView } from './group-mappings.service';
import {
  connectionIdParams,
  connectionViewSchema,
  createConnectionSchema,
  createMappingSchema,
  listConnectionsQuerySchema,
  listMappingsQuerySchema,
  mappingParams,
  mappingViewSchema,
  updateConnectionSchema,
  type ConnectionView,
} from './sso-connection.dto';
import { SsoConnectionsService } from './sso-connections.service';

const TAG = 'SSO connections';

/** Admin management of the org's OIDC/SAML connections and their IdP group → role/team mappings. */
@Controller('api/v1/sso/connections')
export class SsoConnectionsController {
  constructor(private readonly connections: SsoConnectionsService, private readonly mappings: GroupMappingsService) {}

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: 'List SSO connections (filter by type/enabled, sort by name or createdAt)', query: listConnectionsQuerySchema, response: { status: 200, description: 'A page of connections', schema: pageOf(connectionViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: ConnectionView[]; nextCursor: string | null }> {
    return this.connections.list(principalOf(request), parseInput(listConnectionsQuerySchema, query));
  }

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: 'Create an OIDC or SAML connection (SAML settings may come from IdP metadata by URL or XML)', body: createConnectionSchema, response: { status: 201, description: 'The connection', schema: connectionViewSchema }, errors: [409, 422] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ConnectionView> {
    return this.connections.create(principalOf(request), parseInput(createConnectionSchema, body), requestContextOf(request));
  }

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: 'One SSO connection', params: idParams, response: { status: 200, description: 'The connection', schema: connectionViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ConnectionView> {
    return this.connections.get(principalOf(request), id);
  }

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: 'Change an SSO connection (the type cannot change; the client secret is write-only)', params: idParams, body: updateConnectionSchema, response: { status: 200, description: 'The connection', schema: connectionViewSchema }, errors: [404, 409, 422] })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ConnectionView> {
    return this.connections.update(principalOf(request), id, parseInput(updateConnectionSchema, body), requestContextOf(request));
  }

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: 'Delete an SSO connection (its mappings and identity links go with it)', params: idParams, response: { status: 204, description: 'Deleted' }, errors: [404] })
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.connections.remove(principalOf(request), id, requestContextOf(request));
  }

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: "A connection's group mappings, by IdP group", params: connectionIdParams, query: listMappingsQuerySchema, response: { status: 200, description: 'A page of mappings', schema: pageOf(mappingViewSchema) }, errors: [404] })
  @Get(':id/mappings')
  listMappings(@Param('id') id: string, @Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: MappingView[]; nextCursor: string | null }> {
    return this.mappings.list(principalOf(request), id, parseInput(listMappingsQuerySchema, query));
  }

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: 'Map an IdP group to an org role and/or a team with a team role', params: connectionIdParams, body: createMappingSchema, response: { status: 201, description: 'The mapping', schema: mappingViewSchema }, errors: [404] })
  @Post(':id/mappings')
  @HttpCode(201)
  createMapping(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<MappingView> {
    return this.mappings.create(principalOf(request), id, parseInput(createMappingSchema, body), requestContextOf(request));
  }

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: 'Delete a group mapping (memberships it granted go at the next sign-in)', params: mappingParams, response: { status: 204, description: 'Deleted' }, errors: [404] })
  @Delete(':id/mappings/:mappingId')
  @HttpCode(204)
  async removeMapping(@Param('id') id: string, @Param('mappingId') mappingId: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.mappings.remove(principalOf(request), id, mappingId, requestContextOf(request));
  }
}
