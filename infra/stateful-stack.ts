import { Aws, CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CongressTable, DocumentsBucket } from './constructs/data-store.ts';
import { OrganizationSigningKey } from './constructs/signing-key.ts';

/**
 * The names under which the data stack exports what the service stack uses. The service stack
 * imports them by these names (Fn::ImportValue), not through CDK's automatic cross-stack
 * references, so that the contract between the two stacks is a few stable strings, and the grant
 * resources in the service stack read as plain ARNs (which keeps the cdk-nag acknowledgements
 * exact).
 */
export const dataExportNames = (dataStackName: string) => ({
  tableName: `${dataStackName}:TableName`,
  bucketName: `${dataStackName}:BucketName`,
  signingKeyArn: `${dataStackName}:SigningKeyArn`,
  /** Exported only when the data stack creates the secret (no `signingCertificateSecretArn` context). */
  signingCertificateSecretArn: `${dataStackName}:SigningCertificateSecretArn`,
});

export type StatefulStackProps = StackProps & {
  /** An existing secret with the organization's certificate chain; empty: the stack creates one. */
  readonly signingCertificateSecretArn?: string;
};

/**
 * What must outlive any deployment: the table, the PDFs, and the organization's signing key with
 * its certificate. Kept apart from the functions so that the service stack can be torn down,
 * renamed or rebuilt without touching data, and so that a change here (rare, reviewed) never
 * rides along with a code change. Everything in it is RETAIN, and the stack has termination
 * protection.
 */
export class StatefulStack extends Stack {
  readonly table: CongressTable;
  readonly documents: DocumentsBucket;
  readonly signing: OrganizationSigningKey;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    const { signingCertificateSecretArn, ...stackProps } = props;
    super(scope, id, { terminationProtection: true, ...stackProps });
    this.table = new CongressTable(this, 'Data');
    this.documents = new DocumentsBucket(this, 'Documents');
    this.signing = new OrganizationSigningKey(this, 'Signing', {
      aliasName: `alias/${this.stackName}-signing`,
      ...(signingCertificateSecretArn ? { existingCertificateSecretArn: signingCertificateSecretArn } : {}),
    });

    const exportNames = dataExportNames(this.stackName);
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName, exportName: exportNames.tableName });
    new CfnOutput(this, 'BucketName', { value: this.documents.bucket.bucketName, exportName: exportNames.bucketName });
    new CfnOutput(this, 'SigningKeyArn', {
      description: "The organization's signing key (KMS, RSA 2048): make its certificate request with infra/create-csr.ts",
      value: this.signing.key.keyArn,
      exportName: exportNames.signingKeyArn,
    });
    new CfnOutput(this, 'SigningKeyAlias', { value: this.signing.alias.aliasName });
    new CfnOutput(this, 'CreateCsrCommand', {
      description: "Run from the repository root with credentials allowed kms:Sign and kms:GetPublicKey on the key: the certificate request for the committee's certificate authority",
      value: Fn.join('', ['npx tsx infra/create-csr.ts --key ', this.signing.key.keyArn, ' --region ', Aws.REGION, ' --cn "<the organization\'s name>" > organization.csr']),
    });
    if (this.signing.createdCertificateSecret) {
      new CfnOutput(this, 'SigningCertificateSecretArn', {
        description: "Put the organization's certificate chain (PEM) here: aws secretsmanager put-secret-value --secret-id <this> --secret-string file://chain.pem",
        value: this.signing.certificateSecretArn,
        exportName: exportNames.signingCertificateSecretArn,
      });
    }
    new CfnOutput(this, 'CreateFirstKeyCommand', {
      description: 'Run from the repository root with credentials for this account: prints a secretariat key once',
      value: Fn.join('', ['npx tsx infra/create-key.ts --table ', this.table.table.tableName, ' --region ', Aws.REGION]),
    });
  }
}
