import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentStorage } from '#core/ports.ts';
import { inputsObjectKey, pdfObjectKey } from './table-design.ts';

/** PDFs in the documents bucket, handed out through short-lived presigned GET URLs. */
export function s3DocumentStorage(client: S3Client, bucket: string): DocumentStorage {
  return {
    async putPdf(documentId, pdf, { sha256 }) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: pdfObjectKey(documentId, sha256),
          Body: pdf,
          ContentType: 'application/pdf',
          // S3 checks the bytes against the digest the document records.
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          Metadata: { sha256 },
        }),
      );
    },
    async getPdf(documentId, sha256) {
      return getObject(client, bucket, pdfObjectKey(documentId, sha256));
    },
    async putInputs(documentId, inputs) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: inputsObjectKey(documentId), Body: inputs, ContentType: 'application/json' }),
      );
    },
    async getInputs(documentId) {
      return getObject(client, bucket, inputsObjectKey(documentId));
    },
    presignPdf(documentId, sha256, fileName, expiresIn) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: pdfObjectKey(documentId, sha256),
          ResponseContentType: 'application/pdf',
          ResponseContentDisposition: `attachment; filename="${fileName}"`,
        }),
        { expiresIn },
      );
    },
  };
}

async function getObject(client: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!out.Body) throw new Error(`Empty object ${key}`);
  return out.Body.transformToByteArray();
}
