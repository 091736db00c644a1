import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREPARED_EXPIRY_DAYS, PREPARED_PREFIX, TABLE_DESIGN, inputsObjectKey, pdfObjectKey, preparedObjectKey } from '../../functions/adapters/table-design.ts';

/**
 * The single table of `functions/adapters/table-design.ts`: on-demand (no cost at rest but
 * storage), point-in-time recovery, encrypted with the AWS-owned key (free; a customer-managed
 * key would cost a dollar a month for no gain here), kept when the stack goes, and protected
 * against deletion.
 */
export class CongressTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_DESIGN.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_DESIGN.index.name,
      partitionKey: { name: TABLE_DESIGN.index.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.index.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}

/**
 * A bucket of access logs, in one place for every bucket and distribution that logs: SSE-S3 (log
 * delivery writes only to SSE-S3 buckets), private, TLS only, kept a year, retained with the
 * stack. `objectOwnership`: BUCKET_OWNER_ENFORCED where only S3 server access logs arrive (they
 * are delivered under a bucket policy); BUCKET_OWNER_PREFERRED where CloudFront's standard logs
 * arrive too (delivered with an ACL, which an enforced bucket refuses).
 */
export function accessLogBucket(scope: Construct, id: string, objectOwnership: s3.ObjectOwnership): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership,
    enforceSSL: true,
    lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This is an access-log bucket itself; logging it into another bucket would only move the question.',
  });
  return bucket;
}

/**
 * The bucket of issued PDFs, and the bucket its server access logs go to. Issued documents are
 * records: versioned, kept when the stack goes, never public, TLS only. Old versions (a PDF
 * rendered again after a failed attempt) expire after 90 days; files prepared for a person's
 * signature (`prepared/`, read back within the 30 minutes of the signing session) after a day.
 */
export class DocumentsBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.accessLogs = accessLogBucket(this, 'AccessLogs', s3.ObjectOwnership.BUCKET_OWNER_ENFORCED);

    this.bucket = new s3.Bucket(this, 'Pdfs', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents-bucket/',
      lifecycleRules: [
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(90),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        {
          id: 'expire-prepared-signatures',
          prefix: PREPARED_PREFIX,
          expiration: Duration.days(PREPARED_EXPIRY_DAYS),
          noncurrentVersionExpiration: Duration.days(PREPARED_EXPIRY_DAYS),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/** What a function may do with one kind of object: read it, write it, or both. */
export type ObjectAccess = 'read' | 'write' | 'read-write';

const OBJECT_ACTIONS: Readonly<Record<ObjectAccess, string[]>> = {
  read: ['s3:GetObject'],
  write: ['s3:PutObject'],
  'read-write': ['s3:GetObject', 's3:PutObject'],
};

/** The kinds of object in the documents bucket, by the key functions the code uses. */
export type DocumentObjectKind = 'pdfs' | 'inputs' | 'prepared';

const OBJECT_KEYS: Readonly<Record<DocumentObjectKind, string>> = {
  pdfs: pdfObjectKey('*', '*'),
  inputs: inputsObjectKey('*'),
  prepared: preparedObjectKey('*', '*'),
};

/**
 * The documents bucket as a function sees it: the bucket (created by `DocumentsBucket`, or
 * imported by name in the service stack) and grants on exactly one kind of key each: every file
 * version of a document, `documents/<id>/<sha256>.pdf` (`pdfObjectKey`), its frozen inputs,
 * `documents/<id>/inputs.json` (`inputsObjectKey`), or a file prepared for the person's signature,
 * `prepared/<id>/<sha256>.pdf` (`preparedObjectKey`). Narrower than `bucket.grantRead`/`grantPut`,
 * which add List, GetBucket*, retention, legal hold and Abort* on every key.
 */
export class DocumentObjects {
  constructor(readonly bucket: s3.IBucket) {}

  /** The ARN pattern of one kind of object, from the same key function the code uses. */
  arnOf(kind: DocumentObjectKind): string {
    return this.bucket.arnForObjects(OBJECT_KEYS[kind]);
  }

  grant(grantee: iam.IGrantable, kind: DocumentObjectKind, access: ObjectAccess): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: OBJECT_ACTIONS[access], resourceArns: [this.arnOf(kind)] });
  }

  /** s3:ListBucket on the bucket itself: what HeadBucket needs (a health check), no object. */
  grantHeadBucket(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] });
  }
}
