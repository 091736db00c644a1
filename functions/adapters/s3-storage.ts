import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentStorage } from '#core/ports.ts';
import { pdfObjectKey } from './table-design.ts';

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
