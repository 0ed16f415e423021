/**
 * The managed policy External Secrets reads platform secrets with, as AppSecrets writes it for
 * `env` in the committed dev account and region: every secret under goldenpath/<env>/, never the
 * RDS secrets under goldenpath/<env>/rds/.
 */
export function externalSecretsReadPolicy(env: string) {
  const arn = (pattern: string) => `arn:aws:secretsmanager:eu-west-2:111111111111:secret:${pattern}`;
  return {
    ManagedPolicyName: `goldenpath-${env}-external-secrets-read`,
    PolicyDocument: {
      Statement: [
        {
          Sid: 'ReadPlatformSecrets',
          Effect: 'Allow',
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: arn(`goldenpath/${env}/*`),
        },
        {
          Sid: 'NeverTheMasterSecret',
          Effect: 'Deny',
          Action: 'secretsmanager:*',
          Resource: arn(`goldenpath/${env}/rds/*`),
        },
      ],
    },
  };
}
