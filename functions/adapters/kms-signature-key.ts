import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SignatureKey } from '#core/ports.ts';
import { pemCertificates } from '#core/signing/cms.ts';
import { optionalEnv } from './config.ts';

/**
 * The organization's key in AWS: an asymmetric KMS key that signs SHA-256 digests
 * (`MessageType: DIGEST`), never giving out the private key; its certificate chain (PEM, the
 * organization's certificate first) in a Secrets Manager secret, read once per process.
 */
export type KmsKeySettings = {
  keyId: string;
  certificateSecret: string;
  algorithm?: SignatureKey['algorithm'];
};

export function kmsSignatureKey(kms: KMSClient, secrets: SecretsManagerClient, s: KmsKeySettings): SignatureKey {
  let chain: Promise<Uint8Array[]> | undefined;
  return {
    ...kmsDigestSigner(kms, s.keyId, s.algorithm ?? 'RSASSA_PKCS1_V1_5_SHA_256'),
    certificateChain() {
      chain ??= secrets.send(new GetSecretValueCommand({ SecretId: s.certificateSecret })).then((out) => {
        const certs = pemCertificates(out.SecretString ?? '');
        if (certs.length === 0) throw new Error(`The secret ${s.certificateSecret} holds no PEM certificate.`);
        return certs;
      });
      // A failed read is not kept: the next signature tries again.
      chain.catch(() => (chain = undefined));
      return chain;
    },
  };
}

/** Signing with the KMS key alone (also before any certificate exists, for the CSR). */
export function kmsDigestSigner(kms: KMSClient, keyId: string, algorithm: SignatureKey['algorithm']) {
  return {
    algorithm,
    async signDigest(digest: Uint8Array): Promise<Uint8Array> {
      const out = await kms.send(new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }));
      if (!out.Signature) throw new Error('KMS returned no signature');
      return out.Signature;
    },
  };
}

/** The key the environment names (`SIGNING_KMS_KEY_ID`, `SIGNING_CERTIFICATE_SECRET`), or none. */
export function kmsSignatureKeyFromEnv(): SignatureKey | undefined {
  const keyId = optionalEnv('SIGNING_KMS_KEY_ID');
  const certificateSecret = optionalEnv('SIGNING_CERTIFICATE_SECRET');
  if (!keyId || !certificateSecret) return undefined;
  const algorithm = optionalEnv('SIGNING_KMS_ALGORITHM') === 'ECDSA_SHA_256' ? 'ECDSA_SHA_256' : 'RSASSA_PKCS1_V1_5_SHA_256';
  return kmsSignatureKey(new KMSClient({}), new SecretsManagerClient({}), { keyId, certificateSecret, algorithm });
}
