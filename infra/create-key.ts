/**
 * Creates the first secretariat key of a deployment, straight in its table: there is no key yet
 * to call `POST /keys` with. Run from the repository root with credentials for the account:
 *
 *   npx tsx infra/create-key.ts --table <TableName output> [--region eu-west-1] [--label "…"] [--campaign <campaignId>]
 *
 * Without --campaign the key is an all-campaign secretariat key. The key is generated and stored
 * exactly as the API does it (`newKey` of functions/core/keys.ts, `putKey` of the DynamoDB
 * adapter): only the SHA-256 of its secret is stored, and the key is printed this once.
 */
import { parseArgs } from 'node:util';
import { dynamoClient } from '../functions/adapters/clients.ts';
import { dynamoRepositories } from '../functions/adapters/dynamo/index.ts';
import { newKey } from '../functions/core/keys.ts';
import type { ApiKey } from '../functions/core/model.ts';

const USAGE = 'usage: npx tsx infra/create-key.ts --table <name> [--region <region>] [--label <text>] [--campaign <campaignId>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      table: { type: 'string' },
      region: { type: 'string' },
      label: { type: 'string', default: 'first secretariat key (infra/create-key.ts)' },
      campaign: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.table) throw new Error(`--table is required\n${USAGE}`);
  if (values.campaign !== undefined && !/^[a-z0-9][a-z0-9-]{1,62}$/.test(values.campaign)) {
    throw new Error(`--campaign must be a campaign id (^[a-z0-9][a-z0-9-]{1,62}$), got "${values.campaign}"`);
  }

  // Region: --region, else the SDK's usual chain (AWS_REGION, the profile's region).
  const repo = dynamoRepositories(dynamoClient(values.region ? { region: values.region } : {}), values.table);
  const { id, token, secretHash } = newKey();
  const key: ApiKey = {
    id,
    role: 'secretariat',
    secretHash,
    createdAt: new Date().toISOString(),
    label: values.label,
    ...(values.campaign ? { campaignId: values.campaign } : {}),
  };
  await repo.putKey(key);

  console.error(`Created ${values.campaign ? `a secretariat key for campaign ${values.campaign}` : 'an all-campaign secretariat key'} (id ${id}) in ${values.table}.`);
  console.error('This is the only time the key is shown; use it as "Authorization: Bearer <key>":');
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
