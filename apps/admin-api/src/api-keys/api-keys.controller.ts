import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { principalOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { createApiKeySchema, emptyBodySchema, listApiKeysQuerySchema, type ApiKeyView } from './api-key.dto';
import { ApiKeysService, type ApiKeyWithSecret } from './api-keys.service';

/**
 * Everyone with a key permission reaches these routes; which keys they see or change is decided
 * per object in the service (own keys, keys of teams they administer, or any key of the org).
 */
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @RequirePermission('api_keys:read:own')
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: ApiKeyView[]; nextCursor: string | null }> {
    return this.keys.list(principalOf(request), parseInput(listApiKeysQuerySchema, query));
  }

  @RequirePermission('api_keys:manage:own')
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ApiKeyWithSecret> {
    return this.keys.create(principalOf(request), parseInput(createApiKeySchema, body), requestContextOf(request));
  }

  @RequirePermission('api_keys:manage:own')
  @Post(':id/rotate')
  @HttpCode(200)
  rotate(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ApiKeyWithSecret> {
    parseInput(emptyBodySchema, body);
    return this.keys.rotate(principalOf(request), id, requestContextOf(request));
  }

  @RequirePermission('api_keys:manage:own')
  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ApiKeyView> {
    parseInput(emptyBodySchema, body);
    return this.keys.revoke(principalOf(request), id, requestContextOf(request));
  }
}
