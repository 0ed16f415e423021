import { Duration, RemovalPolicy, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { accessLogsBucketName } from '../../lib/model/naming';

export interface LogBucketProps {
  /** Bucket name (`logBucketName`); physical, so it must be globally unique. The access-log bucket is `<name>-access`. */
  readonly bucketName: string;
  /**
   * Days after which objects move to infrequent access.
   * @default 30
   */
  readonly infrequentAccessAfterDays?: number;
  /**
   * Days after which objects expire (Loki's own retention should be shorter).
   * @default 400
   */
  readonly expireAfterDays?: number;
}

/** Long-term log storage (Loki): encrypted, versioned, private, TLS only, retained on delete. */
export class LogBucket extends Construct {
  public readonly bucket: s3.Bucket;
  /** Receives the S3 server access logs of `bucket`. */
  public readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      bucketName: accessLogsBucketName(props.bucketName),
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire',
          expiration: Duration.days(365),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'logs/',
      lifecycleRules: [
        {
          id: 'tier-and-expire',
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(props.infrequentAccessAfterDays ?? 30),
            },
          ],
          expiration: Duration.days(props.expireAfterDays ?? 400),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
  }
}
