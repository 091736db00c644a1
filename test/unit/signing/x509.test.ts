import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate, serialNumber } from '#core/signing/x509.ts';
import { digestSigner } from '#local/local-signature-key.ts';

describe('self-signed certificates', () => {
  it('takes serials that are positive, minimal DER integers whatever the random bytes', () => {
    for (const first of [0x00, 0x01, 0x3f, 0x7f, 0x80, 0xff]) {
      const random = new Uint8Array(16).fill(first);
      const serial = serialNumber(random);
      expect(serial).toHaveLength(16);
      // Top bit clear (positive), first byte not 0x00 (minimal): DER's two rules for an INTEGER.
      expect(serial[0]! & 0x80).toBe(0);
      expect(serial[0]).not.toBe(0);
      expect([...serial.subarray(1)]).toEqual([...random.subarray(1)]);
    }
  });

  it('makes certificates Node (OpenSSL) can read, every time', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicKeySpki = publicKey.export({ type: 'spki', format: 'der' });
    const signer = digestSigner(privateKey);
    // The old serial made 1 certificate in 256 unreadable: this loop passed with it ~2% of the time.
    for (let i = 0; i < 1024; i++) {
      const der = await selfSignedCertificate({ subject: { C: 'VN', CN: 'Văn phòng Tỉnh ủy' }, publicKeySpki, signer, notBefore: new Date(), years: 5 });
      const certificate = new X509Certificate(der);
      expect(certificate.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    }
  });
});
