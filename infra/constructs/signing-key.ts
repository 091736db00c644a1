import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** All that signing needs: sign a digest, read the public key (the worker; create-csr too). */
export const SIGNING_KEY_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'] as const;

/**
 * Administration of the key, spelled out instead of KMS's default `kms:*`: what CloudFormation
 * and an administrator need to describe, tag, enable or disable, re-alias and schedule the
 * deletion of the key, and no use of it. No kms:CreateGrant: IAM policies are the only way to
 * let a principal sign.
 */
export const SIGNING_KEY_ADMIN_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateKeyDescription',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:GetKeyRotationStatus',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:ListKeyRotations',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:ListGrants',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
] as const;

export type OrganizationSigningKeyProps = {
  /** Alias of the key, e.g. `alias/CongressDocs-Data-signing` (what `infra/create-csr.ts` can be given). */
  readonly aliasName: string;
  /** An existing secret with the certificate chain (context `signingCertificateSecretArn`); absent: one is created. */
  readonly existingCertificateSecretArn?: string;
};

/**
 * The organization's signing key (Nghị định 30/2020 Đ.8, Đ.33): an asymmetric KMS key, RSA 2048
 * for signing (RSASSA_PKCS1_V1_5_SHA_256 on a digest), whose private half never leaves KMS, and
 * the Secrets Manager secret that holds the certificate the committee's certificate authority
 * issues for it (PEM chain, the key's certificate first).
 *
 * Both are kept like the data: a certificate is issued for this very key, and documents signed
 * with it must stay verifiable. The key policy names no wildcard action: the account (through
 * IAM, as KMS's default policy does) may administer the key and may sign with it; the only IAM
 * policy in these stacks that uses it is the worker's, with kms:Sign and kms:GetPublicKey
 * (`ServiceFunction.bindSigningKey`). (The key policy cannot name the worker's role itself: the
 * role lives in the service stack, which depends on this one.)
 */
export class OrganizationSigningKey extends Construct {
  readonly key: kms.Key;
  readonly alias: kms.Alias;
  /** The secret this construct created, if it created one. */
  readonly createdCertificateSecret?: secretsmanager.Secret;
  readonly certificateSecretArn: string;

  constructor(scope: Construct, id: string, props: OrganizationSigningKeyProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: "congress-docs: the organization's document signing key (PAdES)",
      keySpec: kms.KeySpec.RSA_2048,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Asymmetric keys cannot be rotated by KMS: a new key means a new certificate.
      enableKeyRotation: false,
      pendingWindow: Duration.days(30),
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AdministerThroughIam',
            principals: [new iam.AccountRootPrincipal()],
            actions: [...SIGNING_KEY_ADMIN_ACTIONS],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'SignThroughIam',
            principals: [new iam.AccountRootPrincipal()],
            actions: [...SIGNING_KEY_ACTIONS],
            resources: ['*'],
          }),
        ],
      }),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.alias = this.key.addAlias(props.aliasName);

    if (props.existingCertificateSecretArn) {
      this.certificateSecretArn = props.existingCertificateSecretArn;
      return;
    }
    const secret = new secretsmanager.Secret(this, 'CertificateChain', {
      description: "congress-docs: the organization's certificate chain (PEM, the signing key's certificate first); put it with aws secretsmanager put-secret-value (infra/README.md)",
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Created empty: the value comes from the certificate authority, by hand. Without this the
    // L2 construct generates a random password, and a value in the template would be written
    // back over the real chain by any later change of it.
    (secret.node.defaultChild as secretsmanager.CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A certificate chain is public material renewed by the certificate authority, not a password: there is nothing for a rotation function to generate.',
    });
    this.createdCertificateSecret = secret;
    this.certificateSecretArn = secret.secretArn;
  }
}
