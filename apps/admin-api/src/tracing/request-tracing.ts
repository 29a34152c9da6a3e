import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { traceHttpServer } from '@sluice/observability';

/** A server span per admin API request when tracing is on (`OTEL_EXPORTER_OTLP_ENDPOINT`; see main.ts). */
@Injectable()
export class AdminApiRequestTracing implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    traceHttpServer(this.host.httpAdapter.getInstance<FastifyInstance>(), { tracerName: 'sluice-admin-api' });
  }
}
