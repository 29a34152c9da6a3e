import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { RequirePermission } from '../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { importBodySchema, importPreviewBodySchema, importPreviewSchema, importResultSchema, type ImportPreview, type ImportResult } from './config-io.dto';
import { ConfigIoService } from './config-io.service';

const TAG = 'Config import/export';

/** The organization's data-plane config as the gateway's standalone YAML (GitOps). */
@Controller('api/v1/config')
export class ConfigIoController {
  constructor(private readonly configIo: ConfigIoService) {}

  @RequirePermission('config:export')
  @ApiRoute({
    tag: TAG,
    summary: 'Export providers (credentials as ${ENV} placeholders), models and deployments, teams and org/team policies as standalone YAML; keys are not exported',
    description: 'The `x-sluice-config-version` header carries the config version the file was read at.',
    response: { status: 200, description: 'The config file', schema: z.string(), contentType: 'application/yaml' },
  })
  @Get('export')
  async export(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { yaml, version } = await this.configIo.export(callerOf(request));
    void reply.header('content-type', 'application/yaml; charset=utf-8').header('x-sluice-config-version', String(version));
    return yaml;
  }

  @RequirePermission('config:import')
  @ApiRoute({
    tag: TAG,
    summary: 'Validate a config file and show what importing it would add, change and remove (nothing is written)',
    body: importPreviewBodySchema,
    response: { status: 200, description: 'The diff', schema: importPreviewSchema },
    errors: [422],
  })
  @Post('import/preview')
  @HttpCode(200)
  preview(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ImportPreview> {
    return this.configIo.preview(callerOf(request), parseInput(importPreviewBodySchema, body).yaml);
  }

  @RequirePermission('config:import')
  @ApiRoute({
    tag: TAG,
    summary: 'Apply a config file in one transaction (audited as config.imported, one config version bump)',
    body: importBodySchema,
    response: { status: 200, description: 'What was applied', schema: importResultSchema },
    errors: [409, 422],
  })
  @Post('import')
  @HttpCode(200)
  import(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ImportResult> {
    return this.configIo.import(callerOf(request), parseInput(importBodySchema, body), requestContextOf(request));
  }
}
