import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, type StreamableFile } from '@nestjs/common';
import { Public, RequirePermission } from '../auth/auth.decorators';
import { principalOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import { createUsageReportSchema, downloadLinkSchema, downloadQuerySchema, emptyBodySchema, exportViewSchema, listExportsQuerySchema, type DownloadLink, type ExportView } from './export.dto';
import { ExportsService } from './exports.service';

const TAG = 'Usage reports';

/** Chargeback reports (CSV of requests, tokens and cost per team/model per period), same job and download mechanism as audit exports. */
@Controller('api/v1/usage-reports')
export class UsageReportsController {
  constructor(private readonly exports: ExportsService) {}

  @RequirePermission('usage_reports:export')
  @ApiRoute({ tag: TAG, summary: 'Request a usage report for chargeback; the worker writes it', body: createUsageReportSchema, response: { status: 202, description: 'The queued report', schema: exportViewSchema }, errors: [503] })
  @Post()
  @HttpCode(202)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ExportView> {
    const { format, ...filters } = parseInput(createUsageReportSchema, body);
    return this.exports.create(principalOf(request), 'usage_report', format, filters, requestContextOf(request));
  }

  @RequirePermission('usage_reports:export')
  @ApiRoute({ tag: TAG, summary: 'List usage reports, newest first', query: listExportsQuerySchema, response: { status: 200, description: 'A page of reports', schema: pageOf(exportViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest) {
    return this.exports.list(principalOf(request), 'usage_report', parseInput(listExportsQuerySchema, query));
  }

  @RequirePermission('usage_reports:export')
  @ApiRoute({ tag: TAG, summary: 'Status, progress and signed manifest of a usage report', params: idParams, response: { status: 200, description: 'The report', schema: exportViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ExportView> {
    return this.exports.get(principalOf(request), 'usage_report', id);
  }

  @RequirePermission('usage_reports:export')
  @ApiRoute({ tag: TAG, summary: 'A download link for a finished report, valid for 10 minutes', params: idParams, body: emptyBodySchema, response: { status: 200, description: 'File and manifest URLs', schema: downloadLinkSchema }, errors: [404, 409] })
  @Post(':id/download-link')
  @HttpCode(200)
  downloadLink(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<DownloadLink> {
    parseInput(emptyBodySchema, body);
    return this.exports.downloadLink(principalOf(request), 'usage_report', id);
  }

  // Public: the link's HMAC token (bound to report, org and expiry) is the authorization.
  @Public()
  @ApiRoute({ tag: TAG, summary: 'Download the report CSV with a link token', params: idParams, query: downloadQuerySchema, response: { status: 200, description: 'The CSV file', contentType: 'text/csv' }, errors: [403, 404, 409] })
  @Get(':id/file')
  file(@Param('id') id: string, @Query() query: unknown): Promise<StreamableFile> {
    return this.exports.file('usage_report', id, parseInput(downloadQuerySchema, query).token);
  }

  @Public()
  @ApiRoute({ tag: TAG, summary: 'Download the signed manifest with a link token', params: idParams, query: downloadQuerySchema, response: { status: 200, description: 'The manifest', contentType: 'application/json' }, errors: [403, 404, 409] })
  @Get(':id/manifest')
  manifest(@Param('id') id: string, @Query() query: unknown): Promise<Record<string, unknown>> {
    return this.exports.manifest('usage_report', id, parseInput(downloadQuerySchema, query).token);
  }
}
