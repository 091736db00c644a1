/**
 * The CDK app, run by `cdk` (cdk.json: `npx tsx infra/app.ts`). `npm run synth` synthesizes it
 * offline; see infra/README.md for deploying.
 */
import { App } from 'aws-cdk-lib';
import { defineCongressDocs } from './congress-docs.ts';

const app = new App();
defineCongressDocs(app);
app.synth();
