import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Header and field names whose values never reach a log line. */
export const REDACTED_PATHS = [
  // Incoming requests (ours and framework loggers'), outgoing upstream calls and errors carrying them.
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["api-key"]',
  '*.headers["x-goog-api-key"]',
  '*.headers["x-amz-security-token"]',
  '*.headers.cookie',
  // Secrets by field name, at the top level and one level down.
  'apiKey',
  'api_key',
  'password',
  'secret',
  'token',
  'credentials',
  '*.apiKey',
  '*.api_key',
  '*.password',
  '*.secret',
  '*.token',
  '*.credentials',
];

/** JSON logs to stdout, one line per event, with the service name on every line. */
export function createLogger(
  service: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  options: LoggerOptions = {},
  destination?: DestinationStream,
): Logger {
  const settings: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...options,
  };
  return destination ? pino(settings, destination) : pino(settings);
}

export type { Logger } from 'pino';
