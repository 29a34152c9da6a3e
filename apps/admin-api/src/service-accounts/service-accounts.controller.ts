import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { callerOf, principalOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import {
  createServiceAccountSchema,
  createTokenSchema,
  emptyBodySchema,
  listServiceAccountsQuerySchema,
  listTokensQuerySchema,
  serviceAccountViewSchema,
  tokenParams,
  tokenViewSchema,
  tokenWithSecretSchema,
  updateServiceAccountSchema,
  type ServiceAccountView,
  type TokenView,
} from './service-account.dto';
import { ServiceAccountsService } from './service-accounts.service';

/** Service accounts and their bearer tokens. Changes need a person (`principalOf`): a service account cannot mint tokens. */
@Controller('api/v1/service-accounts')
export class ServiceAccountsController {
  constructor(private readonly accounts: ServiceAccountsService) {}

  @RequirePermission('service_accounts:read')
  @ApiRoute({ tag: 'Service accounts', summary: 'List the org’s service accounts', query: listServiceAccountsQuerySchema, response: { status: 200, description: 'A page of service accounts', schema: pageOf(serviceAccountViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: ServiceAccountView[]; nextCursor: string | null }> {
    return this.accounts.list(callerOf(request), parseInput(listServiceAccountsQuerySchema, query));
  }

  @RequirePermission('service_accounts:manage')
  @ApiRoute({ tag: 'Service accounts', summary: 'Create a service account with a role (and a team for team roles)', body: createServiceAccountSchema, response: { status: 201, description: 'The service account', schema: serviceAccountViewSchema }, errors: [404, 409] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ServiceAccountView> {
    return this.accounts.create(principalOf(request), parseInput(createServiceAccountSchema, body), requestContextOf(request));
  }

  @RequirePermission('service_accounts:read')
  @ApiRoute({ tag: 'Service accounts', summary: 'Read a service account', params: idParams, response: { status: 200, description: 'The service account', schema: serviceAccountViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ServiceAccountView> {
    return this.accounts.get(callerOf(request), id);
  }

  @RequirePermission('service_accounts:manage')
  @ApiRoute({ tag: 'Service accounts', summary: 'Change, disable or enable a service account', params: idParams, body: updateServiceAccountSchema, response: { status: 200, description: 'The service account', schema: serviceAccountViewSchema }, errors: [404, 409] })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ServiceAccountView> {
    return this.accounts.update(principalOf(request), id, parseInput(updateServiceAccountSchema, body), requestContextOf(request));
  }

  @RequirePermission('service_accounts:manage')
  @ApiRoute({ tag: 'Service accounts', summary: 'Delete a service account that never owned API keys (409 otherwise: disable it)', params: idParams, response: { status: 204, description: 'Deleted, with its tokens' }, errors: [404, 409] })
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.accounts.remove(principalOf(request), id, requestContextOf(request));
  }

  @RequirePermission('service_accounts:read')
  @ApiRoute({ tag: 'Service accounts', summary: 'List a service account’s tokens (prefixes only), newest first', params: idParams, query: listTokensQuerySchema, response: { status: 200, description: 'A page of tokens', schema: pageOf(tokenViewSchema) }, errors: [404] })
  @Get(':id/tokens')
  listTokens(@Param('id') id: string, @Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: TokenView[]; nextCursor: string | null }> {
    return this.accounts.listTokens(callerOf(request), id, parseInput(listTokensQuerySchema, query));
  }

  @RequirePermission('service_accounts:manage')
  @ApiRoute({ tag: 'Service accounts', summary: 'Issue a bearer token for the admin API; the token is shown once', params: idParams, body: createTokenSchema, response: { status: 201, description: 'The token and its secret', schema: tokenWithSecretSchema }, errors: [404, 409] })
  @Post(':id/tokens')
  @HttpCode(201)
  createToken(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<{ token: TokenView; secret: string }> {
    return this.accounts.createToken(principalOf(request), id, parseInput(createTokenSchema, body), requestContextOf(request));
  }

  @RequirePermission('service_accounts:manage')
  @ApiRoute({ tag: 'Service accounts', summary: 'Revoke a token (effective on the next request)', params: tokenParams, body: emptyBodySchema, response: { status: 200, description: 'The revoked token', schema: tokenViewSchema }, errors: [404, 409] })
  @Post(':id/tokens/:tokenId/revoke')
  @HttpCode(200)
  revokeToken(@Param('id') id: string, @Param('tokenId') tokenId: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<TokenView> {
    parseInput(emptyBodySchema, body);
    return this.accounts.revokeToken(principalOf(request), id, tokenId, requestContextOf(request));
  }
}
