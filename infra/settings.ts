import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * The deployment settings, read once from CDK context (cdk.json, or `-c key=value` on the
 * command line). Nothing here looks anything up in AWS, so synthesis works offline.
 */
export type Settings = {
  /** POWERTOOLS_SERVICE_NAME of every function. */
  readonly serviceName: string;
  /**
   * `publicBaseUrl`: the URL users reach the API at (e.g. a custom domain), printed in the
   * documents' verification links. Empty: the HTTP functions use the host of each request and
   * the worker uses the API Gateway URL.
   */
  readonly publicBaseUrl: string;
  /** `alarmTopicArn`: an existing SNS topic for alarm notifications; empty: none. */
  readonly alarmTopicArn: string;
  /** `logRetentionDays`: retention of every log group (one of CloudWatch's allowed values). */
  readonly logRetention: logs.RetentionDays;
  /** `throttleRate` / `throttleBurst`: the API stage's steady rate (req/s) and burst. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * `consoleDir`: the folder of the console's built files that CloudFront serves, relative to the
   * repository root (default `web/dist`, which `npm ci` builds).
   */
  readonly consoleDir: string;
  /**
   * `signingCertificateSecretArn`: an existing Secrets Manager secret that holds the
   * organization's certificate chain (PEM). Empty: the data stack creates an empty one.
   */
  readonly signingCertificateSecretArn: string;
};

export function readSettings(node: Node): Settings {
  const text = (key: string): string => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
    return value.trim();
  };
  const number = (key: string, fallback: number): number => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`Context "${key}" must be a positive number, got ${JSON.stringify(value)}`);
    return parsed;
  };

  const publicBaseUrl = text('publicBaseUrl').replace(/\/+$/, '');
  if (publicBaseUrl && !/^https:\/\/[^/\s]+(\/\S*)?$/.test(publicBaseUrl)) {
    throw new Error(`Context "publicBaseUrl" must be an https:// URL, got "${publicBaseUrl}"`);
  }
  const retentionDays = number('logRetentionDays', 30);
  if (!Object.values(logs.RetentionDays).includes(retentionDays)) {
    throw new Error(`Context "logRetentionDays" must be a CloudWatch retention (1, 3, 5, 7, 14, 30, 60, 90, …), got ${retentionDays}`);
  }

  const signingCertificateSecretArn = text('signingCertificateSecretArn');
  if (signingCertificateSecretArn && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+$/.test(signingCertificateSecretArn)) {
    throw new Error(`Context "signingCertificateSecretArn" must be a Secrets Manager secret ARN, got "${signingCertificateSecretArn}"`);
  }

  return {
    serviceName: 'congress-docs',
    publicBaseUrl,
    alarmTopicArn: text('alarmTopicArn'),
    logRetention: retentionDays as logs.RetentionDays,
    throttle: { rateLimit: number('throttleRate', 50), burstLimit: number('throttleBurst', 100) },
    consoleDir: text('consoleDir') || 'web/dist',
    signingCertificateSecretArn,
  };
}
