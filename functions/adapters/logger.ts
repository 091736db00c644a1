import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger for the process (Powertools: JSON with the request id in AWS). Never log a
 * key, a token or a presigned URL: log ids and statuses instead.
 */
export const log = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'congress-docs' });
