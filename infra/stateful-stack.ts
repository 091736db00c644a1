import { Aws, CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CongressTable, DocumentsBucket } from './constructs/data-store.ts';

/**
 * The names under which the data stack exports its table and bucket. The service stack imports
 * them by these names (Fn::ImportValue), not through CDK's automatic cross-stack references, so
 * that the contract between the two stacks is two stable strings, and the grant resources in the
 * service stack read as plain ARNs (which keeps the cdk-nag acknowledgements exact).
 */
export const dataExportNames = (dataStackName: string) => ({
  tableName: `${dataStackName}:TableName`,
  bucketName: `${dataStackName}:BucketName`,
});

/**
 * What must outlive any deployment: the table and the PDFs. Kept apart from the functions so
 * that the service stack can be torn down, renamed or rebuilt without touching data, and so
 * that a change here (rare, reviewed) never rides along with a code change. Everything in it
 * is RETAIN, and the stack has termination protection.
 */
export class StatefulStack extends Stack {
  readonly table: CongressTable;
  readonly documents: DocumentsBucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    this.table = new CongressTable(this, 'Data');
    this.documents = new DocumentsBucket(this, 'Documents');

    const exportNames = dataExportNames(this.stackName);
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName, exportName: exportNames.tableName });
    new CfnOutput(this, 'BucketName', { value: this.documents.bucket.bucketName, exportName: exportNames.bucketName });
    new CfnOutput(this, 'CreateFirstKeyCommand', {
      description: 'Run from the repository root with credentials for this account: prints a secretariat key once',
      value: Fn.join('', ['npx tsx infra/create-key.ts --table ', this.table.table.tableName, ' --region ', Aws.REGION]),
    });
  }
}
