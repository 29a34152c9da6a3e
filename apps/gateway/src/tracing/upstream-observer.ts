import { SpanStatusCode } from '@opentelemetry/api';
import type { Dispatcher } from 'undici';
import { genAiRequestAttributes, statusClassOf } from '@sluice/observability';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { RequestTrace } from './request-trace';
import type { UpstreamCall } from './upstream-call';

/**
 * Measures each provider call (latency to the response headers → `sluice_gateway_upstream_duration_seconds`)
 * and, while tracing, wraps it in a CLIENT span with GenAI attributes and sends the W3C `traceparent`
 * of that span to the provider.
 */
export class UpstreamObserver {
  constructor(private readonly metrics: GatewayMetrics) {}

  async observe(
    call: UpstreamCall | undefined,
    headers: Record<string, string>,
    send: (headers: Record<string, string>) => Promise<Dispatcher.ResponseData>,
  ): Promise<Dispatcher.ResponseData> {
    if (!call) return send(headers);
    const requestTrace = RequestTrace.current();
    const attempt = requestTrace?.startAttempt(`${call.operation} ${call.upstreamModel}`, {
      ...(genAiRequestAttributes({
        operation: call.operation,
        system: call.providerType,
        requestModel: call.upstreamModel,
        maxTokens: call.maxTokens,
        temperature: call.temperature,
        topP: call.topP,
        stream: call.stream,
      }) as Record<string, string | number | boolean>),
      'sluice.provider': call.providerName,
    });
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let response: Dispatcher.ResponseData;
    try {
      response = await send(attempt?.carrier.traceparent ? { ...headers, ...attempt.carrier } : headers);
    } catch (error) {
      this.metrics.upstreamFinished(call.providerName, call.upstreamModel, 'network_error', seconds());
      if (attempt) {
        attempt.span.setStatus({ code: SpanStatusCode.ERROR, message: 'connection failed' });
        attempt.span.setAttribute('error.type', (error as { code?: string }).code ?? 'network');
        attempt.ended();
      }
      throw error;
    }
    const status = response.statusCode;
    this.metrics.upstreamFinished(call.providerName, call.upstreamModel, statusClassOf(status), seconds());
    if (attempt) {
      attempt.span.setAttribute('http.response.status_code', status);
      if (status >= 400) {
        attempt.span.setStatus({ code: SpanStatusCode.ERROR });
        attempt.span.setAttribute('error.type', String(status));
        attempt.ended();
      } else {
        attempt.answered();
        // The span covers the body too (streams): it ends when the body is consumed or destroyed.
        response.body.once('close', () => attempt.ended());
      }
    }
    return response;
  }
}
