// AWS KMS: the operations a key policy can open to another account.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
//   "Cross-account permissions are effective only for the following operations": the
//   cryptographic operations, DescribeKey, GetPublicKey, CreateGrant, GetKeyRotationStatus,
//   ListGrants, RetireGrant, RevokeGrant. "If you give users in a different account permission
//   for other operations, those permissions have no effect. For example, if you give principals
//   in a different account kms:ListKeys permission in an IAM policy, or kms:ScheduleKeyDeletion
//   permission on a KMS key in a key policy, the user's attempts to call those operations on
//   your resources still fail."
// https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
//   (the "Cross-account use" column, one line per operation)

/** The KMS actions (lowercased) usable on a key of another account. */
export const KMS_CROSS_ACCOUNT_ACTIONS: ReadonlySet<string> = new Set(
  [
    'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext',
    'GenerateMac', 'VerifyMac', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify', 'DeriveSharedSecret',
    'DescribeKey', 'GetPublicKey', 'GetKeyRotationStatus',
    'CreateGrant', 'ListGrants', 'RetireGrant', 'RevokeGrant',
  ].map((a) => `kms:${a.toLowerCase()}`),
);

/** Why a KMS action (lowercased; `asWritten` for the sentence) on a key of another account cannot succeed, or undefined when a key policy may open it. */
export function kmsCrossAccountProblem(action: string, asWritten: string = action): string | undefined {
  if (!action.startsWith('kms:') || KMS_CROSS_ACCOUNT_ACTIONS.has(action)) return undefined;
  return `\`${asWritten}\` is not usable on a KMS key of another account: cross-account permissions work only for the cryptographic operations, DescribeKey, GetPublicKey, GetKeyRotationStatus and the grant operations`;
}

/** The page the rule comes from. */
export const KMS_CROSS_ACCOUNT_DOC = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html';
