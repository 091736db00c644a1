import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { defineCongressDocs } from '../../infra/congress-docs.ts';
import type { StatefulStack } from '../../infra/stateful-stack.ts';
import type { StatelessStack } from '../../infra/stateless-stack.ts';

/** The context `cdk synth` runs with: cdk.json's, so the tests see the feature flags users get. */
export const cdkJsonContext: Record<string, unknown> = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }
).context;

export type Synthesized = {
  stateful: StatefulStack;
  stateless: StatelessStack;
  assembly: CloudAssembly;
};

/**
 * Synthesizes the app into a fresh folder. `bundle: false` skips esbuild (CDK's
 * `aws:cdk:bundling-stacks` = none): seconds instead of a minute, for tests that look only at
 * the templates.
 */
export function synthesize(options: { context?: Record<string, unknown>; bundle: boolean }): Synthesized {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'congress-docs-cdk-')),
    context: {
      ...cdkJsonContext,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const { stateful, stateless } = defineCongressDocs(app);
  const assembly = app.synth();
  return { stateful, stateless, assembly };
}
