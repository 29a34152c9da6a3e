import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators';
import { Problem } from '../errors/problem';
import { ApiRoute } from './api-route.decorator';
import { OPENAPI_DOCUMENT } from './openapi.tokens';

/** The swagger-ui-dist files the docs page loads; nothing else from the package is served. */
const UI_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
};

const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sluice admin API</title><link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/docs-init.js"></script>
</body></html>`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/api/docs/openapi.json', dom_id: '#swagger-ui', deepLinking: true, withCredentials: true });`;

/** The OpenAPI document (JSON) and a Swagger UI page served from local files (no CDN). */
@Public()
@Controller('api/docs')
export class OpenApiController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: () => Record<string, unknown>) {}

  @ApiRoute({ tag: 'Documentation', summary: 'The OpenAPI 3.1 document of this API', response: { status: 200, description: 'OpenAPI document', schema: z.record(z.string(), z.unknown()) } })
  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document();
  }

  @ApiRoute({ tag: 'Documentation', summary: 'Interactive API documentation (Swagger UI)', response: { status: 200, description: 'HTML page', schema: z.string(), contentType: 'text/html' } })
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
  page(): string {
    return DOCS_PAGE;
  }

  @ApiRoute({
    tag: 'Documentation',
    summary: 'Static files of the documentation page',
    params: z.object({ file: z.string() }),
    response: { status: 200, description: 'The file', schema: z.string(), contentType: 'application/javascript' },
    errors: [404],
  })
  @Get('assets/:file')
  async asset(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    if (file === 'docs-init.js') {
      await reply.header('content-type', 'application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(DOCS_INIT);
      return;
    }
    const contentType = UI_ASSETS[file];
    if (!contentType) throw new Problem(404, 'not-found', 'No such documentation asset.');
    const body = await readFile(join(SWAGGER_UI_DIR, file));
    await reply.header('content-type', contentType).header('cache-control', 'public, max-age=86400').send(body);
  }
}
