import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { z } from 'zod';
import { RequirePermission } from '../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import { createProviderSchema, listProvidersQuerySchema, providerViewSchema, rekeyResultSchema, updateProviderSchema, type ProviderView, type RekeyResult } from './provider.dto';
import { ProvidersService } from './providers.service';

const emptyBodySchema = z.strictObject({});

/** Upstream provider accounts. Credentials are write-only; base URLs pass the egress (SSRF) guard. */
@Controller('api/v1/providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @RequirePermission('providers:read')
  @ApiRoute({ tag: 'Providers', summary: 'List the organization’s providers', query: listProvidersQuerySchema, response: { status: 200, description: 'A page of providers', schema: pageOf(providerViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: ProviderView[]; nextCursor: string | null }> {
    return this.providers.list(callerOf(request), parseInput(listProvidersQuerySchema, query));
  }

  @RequirePermission('providers:manage')
  @ApiRoute({ tag: 'Providers', summary: 'Create a provider; credentials are encrypted at rest and never returned', body: createProviderSchema, response: { status: 201, description: 'The provider', schema: providerViewSchema }, errors: [409] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ProviderView> {
    return this.providers.create(callerOf(request), parseInput(createProviderSchema, body), requestContextOf(request));
  }

  @RequirePermission('providers:manage')
  @ApiRoute({ tag: 'Providers', summary: 'Re-seal every provider credential of the organization with the current key-encryption key (KEK rotation)', body: emptyBodySchema, response: { status: 200, description: 'How many credentials were re-sealed', schema: rekeyResultSchema } })
  @Post('rekey')
  @HttpCode(200)
  rekey(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<RekeyResult> {
    parseInput(emptyBodySchema, body);
    return this.providers.rekey(callerOf(request), requestContextOf(request));
  }

  @RequirePermission('providers:read')
  @ApiRoute({ tag: 'Providers', summary: 'Read a provider', params: idParams, response: { status: 200, description: 'The provider', schema: providerViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ProviderView> {
    return this.providers.get(callerOf(request), id);
  }

  @RequirePermission('providers:manage')
  @ApiRoute({ tag: 'Providers', summary: 'Change a provider; `credentials` replaces the stored credentials (`null` removes them)', params: idParams, body: updateProviderSchema, response: { status: 200, description: 'The provider', schema: providerViewSchema }, errors: [404, 409] })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ProviderView> {
    return this.providers.update(callerOf(request), id, parseInput(updateProviderSchema, body), requestContextOf(request));
  }

  @RequirePermission('providers:manage')
  @ApiRoute({ tag: 'Providers', summary: 'Delete a provider (409 while deployments use it)', params: idParams, response: { status: 204, description: 'Deleted' }, errors: [404, 409] })
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.providers.remove(callerOf(request), id, requestContextOf(request));
  }
}
