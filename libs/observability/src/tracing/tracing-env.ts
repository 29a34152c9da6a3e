import { z } from 'zod';

/**
 * The standard OpenTelemetry variables Sluice honours. Tracing is off unless an OTLP endpoint is
 * set (or `OTEL_TRACES_EXPORTER=otlp`, which then sends to the exporter's default
 * `http://localhost:4318/v1/traces`); `OTEL_TRACES_EXPORTER=none` turns it off whatever else is set.
 */
export const tracingEnvSchema = z.object({
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).optional(),
  /** Base URL of an OTLP/HTTP collector; traces go to `<base>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Full URL of the traces endpoint; wins over the base URL. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Share of new traces sampled, 0–1 (parent-based: a sampled caller's trace is always continued). */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
});
export type TracingEnv = z.output<typeof tracingEnvSchema>;

export interface TracingConfig {
  enabled: boolean;
  /** The traces URL (`…/v1/traces`), or undefined for the exporter's default. */
  url: string | undefined;
  serviceName: string;
  sampleRatio: number;
}

export function tracingConfigFromEnv(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): TracingConfig {
  const pick = (name: keyof TracingEnv) => env[name] || undefined;
  const parsed = tracingEnvSchema.parse({
    OTEL_TRACES_EXPORTER: pick('OTEL_TRACES_EXPORTER'),
    OTEL_EXPORTER_OTLP_ENDPOINT: pick('OTEL_EXPORTER_OTLP_ENDPOINT'),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: pick('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'),
    OTEL_SERVICE_NAME: pick('OTEL_SERVICE_NAME'),
    OTEL_TRACES_SAMPLER_ARG: pick('OTEL_TRACES_SAMPLER_ARG'),
  });
  const url =
    parsed.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (parsed.OTEL_EXPORTER_OTLP_ENDPOINT ? `${parsed.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined);
  const enabled = parsed.OTEL_TRACES_EXPORTER === 'otlp' || (parsed.OTEL_TRACES_EXPORTER === undefined && url !== undefined);
  return { enabled, url, serviceName: parsed.OTEL_SERVICE_NAME ?? defaultServiceName, sampleRatio: parsed.OTEL_TRACES_SAMPLER_ARG };
}
