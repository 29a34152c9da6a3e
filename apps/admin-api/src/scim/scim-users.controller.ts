import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Put, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ScimTokenRoute } from '../auth/auth.decorators';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { SCIM_CONTENT_TYPE, ScimErrorFilter } from './scim-error';
import { parsePatch, patchRequestSchema } from './scim-patch';
import { scimCallerOf, ScimTokenGuard, type ScimRequest } from './scim-token.guard';
import { scimUserBodySchema, ScimUsersService } from './scim-users.service';

const TAG = 'SCIM 2.0';
const CT = 'application/scim+json';
const resource = z.record(z.string(), z.unknown());
const listQuery = z.object({ filter: z.string().optional().describe('userName, externalId or id eq "…"'), startIndex: z.string().optional(), count: z.string().optional() });
const idParams = z.object({ id: z.string() });

/** SCIM 2.0 /Users (RFC 7644), authenticated by the org's SCIM bearer token; errors in the SCIM format. */
@Controller('scim/v2/Users')
@ScimTokenRoute()
@UseGuards(ScimTokenGuard)
@UseFilters(ScimErrorFilter)
export class ScimUsersController {
  constructor(private readonly users: ScimUsersService) {}

  @ApiRoute({ tag: TAG, summary: 'List or filter users', query: listQuery, response: { status: 200, description: 'ListResponse', schema: resource, contentType: CT } })
  @Get()
  @Header('content-type', SCIM_CONTENT_TYPE)
  list(@Query() query: Record<string, unknown>, @Req() request: ScimRequest): Promise<Record<string, unknown>> {
    return this.users.list(scimCallerOf(request), query);
  }

  @ApiRoute({ tag: TAG, summary: 'Create (provision) a user', body: scimUserBodySchema, response: { status: 201, description: 'The user', schema: resource, contentType: CT }, errors: [409] })
  @Post()
  @HttpCode(201)
  @Header('content-type', SCIM_CONTENT_TYPE)
  create(@Body() body: unknown, @Req() request: ScimRequest): Promise<Record<string, unknown>> {
    return this.users.create(scimCallerOf(request), body, requestContextOf(request));
  }

  @ApiRoute({ tag: TAG, summary: 'One user', params: idParams, response: { status: 200, description: 'The user', schema: resource, contentType: CT }, errors: [404] })
  @Get(':id')
  @Header('content-type', SCIM_CONTENT_TYPE)
  get(@Param('id') id: string, @Req() request: ScimRequest): Promise<Record<string, unknown>> {
    return this.users.get(scimCallerOf(request), id);
  }

  @ApiRoute({ tag: TAG, summary: 'Replace a user', params: idParams, body: scimUserBodySchema, response: { status: 200, description: 'The user', schema: resource, contentType: CT }, errors: [404, 409] })
  @Put(':id')
  @Header('content-type', SCIM_CONTENT_TYPE)
  replace(@Param('id') id: string, @Body() body: unknown, @Req() request: ScimRequest): Promise<Record<string, unknown>> {
    return this.users.replace(scimCallerOf(request), id, body, requestContextOf(request));
  }

  @ApiRoute({ tag: TAG, summary: 'Patch a user (Okta and Entra ID formats; active false deactivates)', params: idParams, body: patchRequestSchema, response: { status: 200, description: 'The user', schema: resource, contentType: CT }, errors: [404, 409] })
  @Patch(':id')
  @Header('content-type', SCIM_CONTENT_TYPE)
  patch(@Param('id') id: string, @Body() body: unknown, @Req() request: ScimRequest): Promise<Record<string, unknown>> {
    return this.users.patch(scimCallerOf(request), id, parsePatch(body), requestContextOf(request));
  }

  @ApiRoute({ tag: TAG, summary: 'Deprovision a user: deactivated, sessions (and keys per token setting) revoked, memberships removed', params: idParams, response: { status: 204, description: 'Deleted' }, errors: [404] })
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() request: ScimRequest): Promise<void> {
    await this.users.remove(scimCallerOf(request), id, requestContextOf(request));
  }
}
