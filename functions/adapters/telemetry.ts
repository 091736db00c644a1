import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Logs, metrics and traces (Powertools), one instance each per process. In Lambda: JSON logs with
 * the request id, CloudWatch metrics in EMF, X-Ray traces. Elsewhere (npm start, tests) metrics and
 * traces are off and logs are quiet. Never log a key, a token or a presigned URL: ids and statuses.
 */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'congress-docs';
export const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
if (!inLambda) process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

export const log = new Logger({ serviceName });
export const metrics = new Metrics({ namespace: 'CongressDocs', serviceName });
export const tracer = new Tracer({ serviceName, enabled: inLambda });

export const count = (name: string, value = 1) => metrics.addMetric(name, MetricUnit.Count, value);
export const milliseconds = (name: string, value: number) => metrics.addMetric(name, MetricUnit.Milliseconds, value);

/** Publishes what a request recorded; a request that recorded nothing writes nothing (no warning line). */
export function flushMetrics() {
  const flush = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}

/**
 * What may be logged of an error: name, message, stack and cause, with anything that looks like a
 * secret scrubbed (an API token, a bearer header, the signing part of a presigned URL), in case an
 * SDK or library message ever carries one. Other properties of the error are not logged.
 */
const SECRET = /cdk_[a-z0-9]{12}_[A-Za-z0-9_-]+|\bBearer\s+\S+|X-Amz-[A-Za-z-]+=[^&\s"'<>]*/gi;
export const redactSecrets = (text: string): string => text.replace(SECRET, '[redacted]');

export function loggable(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return redactSecrets(String(err));
  return {
    name: err.name,
    message: redactSecrets(err.message),
    stack: err.stack === undefined ? undefined : redactSecrets(err.stack),
    ...(err.cause !== undefined && depth < 3 ? { cause: loggable(err.cause, depth + 1) } : {}),
  };
}
