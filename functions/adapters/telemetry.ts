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
