import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { z } from 'zod';
import { RequirePermission } from '../auth/auth.decorators';
import { principalOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import { createScimTokenSchema, listScimTokensQuerySchema, ScimTokensService, scimTokenViewSchema, type ScimTokenView } from './scim-tokens.service';

const TAG = 'SCIM tokens';
const withSecretSchema = z.object({ token: scimTokenViewSchema, secret: z.string().describe('Shown once; give it to the IdP as the SCIM bearer token') });
const emptyBodySchema = z.strictObject({});

/** Admin management of the bearer tokens the org's IdP uses for SCIM provisioning. */
@Controller('api/v1/scim/tokens')
export class ScimTokensController {
  constructor(private readonly tokens: ScimTokensService) {}

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: "The org's SCIM tokens, newest first (never the secret)", query: listScimTokensQuerySchema, response: { status: 200, description: 'A page of tokens', schema: pageOf(scimTokenViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: ScimTokenView[]; nextCursor: string | null }> {
    return this.tokens.list(principalOf(request), parseInput(listScimTokensQuerySchema, query));
  }

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: 'Create a SCIM bearer token; the secret is shown once', body: createScimTokenSchema, response: { status: 201, description: 'The token and its secret', schema: withSecretSchema } })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<{ token: ScimTokenView; secret: string }> {
    return this.tokens.create(principalOf(request), parseInput(createScimTokenSchema, body), requestContextOf(request));
  }

  @RequirePermission('sso:manage')
  @ApiRoute({ tag: TAG, summary: 'Revoke a SCIM token (the IdP can no longer provision)', params: idParams, body: emptyBodySchema, response: { status: 200, description: 'The revoked token', schema: scimTokenViewSchema }, errors: [404, 409] })
  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ScimTokenView> {
    parseInput(emptyBodySchema, body);
    return this.tokens.revoke(principalOf(request), id, requestContextOf(request));
  }
}
