import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentStorage } from '#core/ports.ts';
import { inputsObjectKey, pdfObjectKey, preparedObjectKey } from './table-design.ts';

/** PDFs in the documents bucket, handed out through short-lived presigned GET URLs. */
export function s3DocumentStorage(client: S3Client, bucket: string): DocumentStorage {
  return {
    putPdf: (documentId, pdf, { sha256 }) => putPdfObject(client, bucket, pdfObjectKey(documentId, sha256), pdf, sha256),
    getPdf: (documentId, sha256) => getObject(client, bucket, pdfObjectKey(documentId, sha256)),
    putPreparedPdf: (documentId, pdf, { sha256 }) => putPdfObject(client, bucket, preparedObjectKey(documentId, sha256), pdf, sha256),
    getPreparedPdf: (documentId, sha256) => getObject(client, bucket, preparedObjectKey(documentId, sha256)),
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

async function putPdfObject(client: S3Client, bucket: string, key: string, pdf: Uint8Array, sha256: string): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: pdf,
      ContentType: 'application/pdf',
      // S3 checks the bytes against the digest the document (or the signing session) records.
      ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      Metadata: { sha256 },
    }),
  );
}

async function getObject(client: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!out.Body) throw new Error(`Empty object ${key}`);
  return out.Body.transformToByteArray();
}
