"""The AWS adapters: every module that talks to AWS lives in this package, except chalicelib/storage
(DynamoDB and S3). Each wraps one service behind a small class on `clients.LazyClient` whose errors
are the feature's own (chalicelib/errors.py categories; AWS's codes and messages stay in the logs):

- clients.py       the one lazy boto3 client (`default_client`): the only `import boto3` in chalicelib
- cognito.py       Cognito user pool (accounts, sign-in, groups)
- mail.py          SES (every email; the local mailbox stand-in)
- publisher.py     SNS (domain events to the notification queues)
- deferral.py      SQS (a held or paced message back on its queue, delayed)
- dead_letters.py  SQS (dead-letter queue depths for the dashboard)
- sms.py           End User Messaging SMS (replies to the SMS lookup)
- signing.py       KMS (signing the transparency log's tree heads)

The import contract `aws-sdk-in-adapters` (.importlinter): only `clients.py` imports boto3; only this
package and storage import botocore (for its exception types). The old module paths
(accounts/cognito.py, notifications/mail.py, …) are one-line re-exports for branches written before the
move; new code imports from here.
"""
