import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Put, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ScimTokenRoute } from '../auth/auth.decorators';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { SCIM_CONTENT_TYPE, ScimErrorFilter } from './scim-error';
import { parsePatch, patchRequestSchema } from './scim-patch';
import { scimCallerOf, ScimTokenGuard, type ScimRequest } from './scim-token.guard';
import { scimGroupBodySchema, ScimGroupsService } from './scim-groups.service';

const TAG = 'SCIM 2.0';
const CT = 'application/scim+json';
const resource = z.record(z.string(), z.unknown());
const listQuery = z.object({ excludedAttributes: z.string().optional(), filter: z.string().optional().describe('displayName, externalId or id eq "…"'), startIndex: z.string().optional(), count: z.string().optional() });
const idParams = z.object({ id: z.string() });

/** SCIM 2.0 /Groups (RFC 7644), authenticated by the org's SCIM bearer token; errors in the SCIM format. */
@Controller('scim/v2/Groups')
@ScimTokenRoute()
@UseGuards(ScimTokenGuard)
@UseFilters(ScimErrorFilter)
export class ScimGroupsController {
  constructor(private readonly groups: ScimGroupsService) {}

  @ApiRoute({ tag: TAG, summary: 'List or filter groups (excludedAttributes=members supported)', query: listQuery, response: { status: 200, description: 'ListResponse', schema: resource, contentType: CT } })
  @Get()
  @Header('content-type', SCIM_CONTENT_TYPE)
  list(@Query() query: Record<string, unknown>, @Req() request: ScimRequest): Promise<Record<string, unknown>> {
    return this.groups.list(scimCallerOf(request), query);
  }

  @ApiRoute({ tag: TAG, summary: 'Create a group (displayName is matched against the SSO group mappings)', body: scimGroupBodySchema, response: { status: 201, description: 'The group', schema: resource, contentType: CT }, errors: [409] })
  @Post()
  @HttpCode(201)
  @Header('content-type', SCIM_CONTENT_TYPE)
  create(@Body() body: unknown, @Req() request: ScimRequest): Promise<Record<string, unknown>> {
    return this.groups.create(scimCallerOf(request), body, requestContextOf(request));
  }

  @ApiRoute({ tag: TAG, summary: 'One group with its members', params: idParams, response: { status: 200, description: 'The group', schema: resource, contentType: CT }, errors: [404] })
  @Get(':id')
  @Header('content-type', SCIM_CONTENT_TYPE)
  get(@Param('id') id: string, @Req() request: ScimRequest): Promise<Record<string, unknown>> {
    return this.groups.get(scimCallerOf(request), id);
  }

  @ApiRoute({ tag: TAG, summary: 'Replace a group (name and members)', params: idParams, body: scimGroupBodySchema, response: { status: 200, description: 'The group', schema: resource, contentType: CT }, errors: [404, 409] })
  @Put(':id')
  @Header('content-type', SCIM_CONTENT_TYPE)
  replace(@Param('id') id: string, @Body() body: unknown, @Req() request: ScimRequest): Promise<Record<string, unknown>> {
    return this.groups.replace(scimCallerOf(request), id, body, requestContextOf(request));
  }

  @ApiRoute({ tag: TAG, summary: 'Patch a group: members add/remove (incl. members[value eq "…"]), replace displayName or members', params: idParams, body: patchRequestSchema, response: { status: 200, description: 'The group', schema: resource, contentType: CT }, errors: [404, 409] })
  @Patch(':id')
  @Header('content-type', SCIM_CONTENT_TYPE)
  patch(@Param('id') id: string, @Body() body: unknown, @Req() request: ScimRequest): Promise<Record<string, unknown> | null> {
    return this.groups.patch(scimCallerOf(request), id, parsePatch(body), requestContextOf(request));
  }

  @ApiRoute({ tag: TAG, summary: 'Delete a group (its members lose the memberships it mapped to)', params: idParams, response: { status: 204, description: 'Deleted' }, errors: [404] })
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() request: ScimRequest): Promise<void> {
    await this.groups.remove(scimCallerOf(request), id, requestContextOf(request));
  }
}
