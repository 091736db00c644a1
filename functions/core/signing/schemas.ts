import { z } from 'zod';

/**
 * Bodies of the person's signing step (`POST /documents/{id}/signatures:prepare`, then
 * `POST /documents/{id}/signatures`). Strict: an unknown field is named in the 400.
 */

const CERTIFICATE_MAX = 16_384;

const certificateText = () =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(CERTIFICATE_MAX, `must be at most ${CERTIFICATE_MAX} characters`)
    .describe('an X.509 certificate, PEM or base64 DER');

export const prepareSignatureSchema = z.strictObject({
  certificate: certificateText().describe("the signer's certificate, PEM or base64 DER"),
  chain: z.array(certificateText()).max(5, 'must hold at most 5 certificates').optional().describe('the certificates above it, nearest first'),
});

export const completeSignatureSchema = z.strictObject({
  signingId: z.string().min(1, 'must not be empty').max(40_000, 'must be at most 40,000 characters').describe('as `prepare` answered it'),
  signature: z
    .string()
    .min(1, 'must not be empty')
    .max(2_048, 'must be at most 2,048 characters')
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
    .describe('base64 of the signature of the signed attributes (RSASSA-PKCS1-v1_5 or DER ECDSA, SHA-256)'),
});

export type PrepareSignatureBody = z.infer<typeof prepareSignatureSchema>;
export type CompleteSignatureBody = z.infer<typeof completeSignatureSchema>;
