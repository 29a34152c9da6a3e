import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import { apiKeyViewSchema, apiKeyWithSecretSchema, createApiKeySchema, emptyBodySchema, listApiKeysQuerySchema, rotateApiKeySchema, updateApiKeySchema, type ApiKeyView } from './api-key.dto';
import { ApiKeysService, type ApiKeyWithSecret } from './api-keys.service';

/**
 * Everyone with a key permission reaches these routes; which keys they see or change is decided
 * per object in the service (own keys, keys of teams they administer, or any key of the org).
 */
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @RequirePermission('api_keys:read:own')
  @ApiRoute({ tag: 'API keys', summary: 'List the keys the caller may see, newest first', query: listApiKeysQuerySchema, response: { status: 200, description: 'A page of keys', schema: pageOf(apiKeyViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: ApiKeyView[]; nextCursor: string | null }> {
    return this.keys.list(callerOf(request), parseInput(listApiKeysQuerySchema, query));
  }

  @RequirePermission('api_keys:manage:own')
  @ApiRoute({ tag: 'API keys', summary: 'Create a key for a team the caller belongs to; the secret is shown once', body: createApiKeySchema, response: { status: 201, description: 'The key and its secret', schema: apiKeyWithSecretSchema }, errors: [404] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ApiKeyWithSecret> {
    return this.keys.create(callerOf(request), parseInput(createApiKeySchema, body), requestContextOf(request));
  }

  @RequirePermission('api_keys:manage:own')
  @ApiRoute({ tag: 'API keys', summary: 'Change a key’s name, tags or expiry', params: idParams, body: updateApiKeySchema, response: { status: 200, description: 'The key', schema: apiKeyViewSchema }, errors: [404, 409] })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ApiKeyView> {
    return this.keys.update(callerOf(request), id, parseInput(updateApiKeySchema, body), requestContextOf(request));
  }

  @RequirePermission('api_keys:manage:own')
  @ApiRoute({ tag: 'API keys', summary: 'Issue a new secret for a key; the old one keeps working for gracePeriodSeconds (default 0)', params: idParams, body: rotateApiKeySchema, response: { status: 200, description: 'The key and its new secret', schema: apiKeyWithSecretSchema }, errors: [404, 409] })
  @Post(':id/rotate')
  @HttpCode(200)
  rotate(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ApiKeyWithSecret> {
    const { gracePeriodSeconds } = parseInput(rotateApiKeySchema, body);
    return this.keys.rotate(callerOf(request), id, gracePeriodSeconds, requestContextOf(request));
  }

  @RequirePermission('api_keys:manage:own')
  @ApiRoute({ tag: 'API keys', summary: 'Revoke a key (effective on every gateway within a second)', params: idParams, body: emptyBodySchema, response: { status: 200, description: 'The revoked key', schema: apiKeyViewSchema }, errors: [404, 409] })
  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ApiKeyView> {
    parseInput(emptyBodySchema, body);
    return this.keys.revoke(callerOf(request), id, requestContextOf(request));
  }
}
