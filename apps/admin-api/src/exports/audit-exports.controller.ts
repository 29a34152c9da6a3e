import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, type StreamableFile } from '@nestjs/common';
import { filtersToJson } from '@sluice/audit';
import { Public, RequirePermission } from '../auth/auth.decorators';
import { principalOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import { createAuditExportSchema, downloadLinkSchema, downloadQuerySchema, emptyBodySchema, exportViewSchema, listExportsQuerySchema, type DownloadLink, type ExportView } from './export.dto';
import { ExportsService } from './exports.service';

const TAG = 'Audit exports';

/** Signed audit exports, written by the worker; downloads through short-lived links. Auditors and admins. */
@Controller('api/v1/audit/exports')
export class AuditExportsController {
  constructor(private readonly exports: ExportsService) {}

  @RequirePermission('audit:export')
  @ApiRoute({ tag: TAG, summary: 'Request an export of the audit trail (CSV or JSONL); the worker writes it', body: createAuditExportSchema, response: { status: 202, description: 'The queued export', schema: exportViewSchema }, errors: [503] })
  @Post()
  @HttpCode(202)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ExportView> {
    const input = parseInput(createAuditExportSchema, body);
    return this.exports.create(principalOf(request), 'audit', input.format, filtersToJson(input.filters ?? {}), requestContextOf(request));
  }

  @RequirePermission('audit:export')
  @ApiRoute({ tag: TAG, summary: 'List audit exports, newest first', query: listExportsQuerySchema, response: { status: 200, description: 'A page of exports', schema: pageOf(exportViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest) {
    return this.exports.list(principalOf(request), 'audit', parseInput(listExportsQuerySchema, query));
  }

  @RequirePermission('audit:export')
  @ApiRoute({ tag: TAG, summary: 'Status, progress and signed manifest of an audit export', params: idParams, response: { status: 200, description: 'The export', schema: exportViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ExportView> {
    return this.exports.get(principalOf(request), 'audit', id);
  }

  @RequirePermission('audit:export')
  @ApiRoute({ tag: TAG, summary: 'A download link for a finished export, valid for 10 minutes', params: idParams, body: emptyBodySchema, response: { status: 200, description: 'File and manifest URLs', schema: downloadLinkSchema }, errors: [404, 409] })
  @Post(':id/download-link')
  @HttpCode(200)
  downloadLink(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<DownloadLink> {
    parseInput(emptyBodySchema, body);
    return this.exports.downloadLink(principalOf(request), 'audit', id);
  }

  // Public: the link's HMAC token (bound to export, org and expiry) is the authorization.
  @Public()
  @ApiRoute({ tag: TAG, summary: 'Download the export file with a link token', params: idParams, query: downloadQuerySchema, response: { status: 200, description: 'The CSV or JSONL file', contentType: 'application/octet-stream' }, errors: [403, 404, 409] })
  @Get(':id/file')
  file(@Param('id') id: string, @Query() query: unknown): Promise<StreamableFile> {
    return this.exports.file('audit', id, parseInput(downloadQuerySchema, query).token);
  }

  @Public()
  @ApiRoute({ tag: TAG, summary: 'Download the signed manifest with a link token', params: idParams, query: downloadQuerySchema, response: { status: 200, description: 'The manifest (verify offline with verify-export)', contentType: 'application/json' }, errors: [403, 404, 409] })
  @Get(':id/manifest')
  manifest(@Param('id') id: string, @Query() query: unknown): Promise<Record<string, unknown>> {
    return this.exports.manifest('audit', id, parseInput(downloadQuerySchema, query).token);
  }
}
