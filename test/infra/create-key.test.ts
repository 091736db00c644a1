/**
 * `npx tsx infra/create-key.ts`, the documented way to make the first key of a deployment, run
 * as a user runs it, against the local DynamoDB server (SDK endpoint from the environment).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dynamoRepositories } from '../../functions/adapters/dynamo/index.ts';
import { authenticate } from '../../functions/core/authentication.ts';
import { clients, createTestTable, localAws } from '../support/local-aws.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function createKey(args: string[]) {
  const { dynamoEndpoint, region, credentials } = localAws();
  return run('npx', ['tsx', 'infra/create-key.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
}

describe('infra/create-key.ts', () => {
  it('stores a secretariat key that authenticates, and prints it once', async () => {
    const table = await createTestTable('create-key');
    const { stdout, stderr } = await createKey(['--table', table]);
    const token = stdout.trim();
    expect(token).toMatch(/^cdk_[a-z0-9]{12}_\S+$/);
    expect(stderr).toContain('all-campaign secretariat key');

    const repo = dynamoRepositories(clients().dynamo, table);
    expect(await authenticate(repo, token)).toMatchObject({ role: 'secretariat', campaignId: undefined });
    const stored = await repo.getKey(token.split('_')[1]!);
    expect(JSON.stringify(stored)).not.toContain(token.split('_').slice(2).join('_'));
  });

  it('limits the key to one campaign with --campaign', async () => {
    const table = await createTestTable('create-key');
    const { stdout } = await createKey(['--table', table, '--campaign', 'qn-2020', '--label', 'VPTU']);
    const principal = await authenticate(dynamoRepositories(clients().dynamo, table), stdout.trim());
    expect(principal).toMatchObject({ role: 'secretariat', campaignId: 'qn-2020' });
  });

  it('refuses to run without --table', async () => {
    await expect(createKey([])).rejects.toMatchObject({ stderr: expect.stringContaining('--table is required') });
  });
});
