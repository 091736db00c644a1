import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from './settings.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/**
 * The whole service on an app: two stacks and the cdk-nag AWS Solutions checks over both.
 *
 * Two stacks, stateful and stateless, rather than one: the table and the PDFs must survive any
 * mistake in the far more often changed stack of functions, and a stack of RETAIN resources with
 * termination protection can be left alone for months. The two are joined by named exports (the
 * table's and the bucket's names, the signing key's and its certificate secret's ARNs, see
 * `dataExportNames`), nothing else: deploy the data
 * stack first (`cdk deploy --all` does), and the service stack can come and go.
 *
 * Both stacks are environment-agnostic (no `env`): `cdk synth` needs no credentials and does no
 * lookups; `cdk deploy` uses the account and region of the caller's credentials.
 */
export function defineCongressDocs(app: App): { stateful: StatefulStack; stateless: StatelessStack } {
  const settings = readSettings(app.node);

  const stateful = new StatefulStack(app, 'CongressDocs-Data', {
    description: 'congress-docs: the table, the document PDFs and the signing key (retained)',
    signingCertificateSecretArn: settings.signingCertificateSecretArn,
  });
  const stateless = new StatelessStack(app, 'CongressDocs-Service', {
    description: 'congress-docs: HTTP API, functions, render queue, web console and alarms',
    data: stateful,
    settings,
  });

  for (const stack of [stateful, stateless]) Tags.of(stack).add('service', settings.serviceName);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}
