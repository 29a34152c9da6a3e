import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../../auth/auth.decorators';
import { callerOf, principalOf, type AuthenticatedRequest } from '../../auth/principal';
import { parseInput } from '../../http/parse-body';
import { requestContextOf } from '../../http/request-context';
import { ApiRoute } from '../../openapi/api-route.decorator';
import { pageOf } from '../../openapi/common-schemas';
import { createOrganizationSchema, listOrganizationsQuerySchema, organizationViewSchema, updateOrganizationSchema, type OrganizationView } from './organization.dto';
import { OrganizationsService } from './organizations.service';

/**
 * `GET /orgs` works without the `x-sluice-org` header (it is how a member of several orgs finds
 * them); the `current` routes act on the active org.
 */
@Controller('api/v1/orgs')
export class OrganizationsController {
  constructor(private readonly orgs: OrganizationsService) {}

  @RequirePermission('session:read')
  @ApiRoute({ tag: 'Organizations', summary: 'List the organizations the caller belongs to, with their roles there', query: listOrganizationsQuerySchema, response: { status: 200, description: 'A page of organizations', schema: pageOf(organizationViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: OrganizationView[]; nextCursor: string | null }> {
    return this.orgs.list(callerOf(request), parseInput(listOrganizationsQuerySchema, query));
  }

  @RequirePermission('org:create')
  @ApiRoute({ tag: 'Organizations', summary: 'Create an organization; the caller (an owner of the active org) becomes its owner', body: createOrganizationSchema, response: { status: 201, description: 'The new organization', schema: organizationViewSchema }, errors: [409] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<OrganizationView> {
    return this.orgs.create(principalOf(request), parseInput(createOrganizationSchema, body), requestContextOf(request));
  }

  @RequirePermission('org:read')
  @ApiRoute({ tag: 'Organizations', summary: 'Read the active organization and its settings', response: { status: 200, description: 'The organization', schema: organizationViewSchema } })
  @Get('current')
  current(@Req() request: AuthenticatedRequest): Promise<OrganizationView> {
    return this.orgs.current(callerOf(request));
  }

  @RequirePermission('org:manage')
  @ApiRoute({ tag: 'Organizations', summary: 'Change the active organization’s name or settings', body: updateOrganizationSchema, response: { status: 200, description: 'The organization', schema: organizationViewSchema } })
  @Patch('current')
  update(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<OrganizationView> {
    return this.orgs.update(callerOf(request), parseInput(updateOrganizationSchema, body), requestContextOf(request));
  }
}
