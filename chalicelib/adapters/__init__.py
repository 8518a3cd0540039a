"""The AWS adapters, and the one place a boto3 client is created (`clients.py`).

Besides chalicelib/storage (DynamoDB and S3), these modules are the only ones that talk to AWS; each
wraps one service behind a small class on `clients.LazyClient` whose errors are the feature's own
(chalicelib/errors.py categories; AWS's codes and messages stay in the logs):

- chalicelib/accounts/cognito.py          Cognito user pool (accounts, sign-in, groups)
- chalicelib/notifications/mail.py        SES (every email; the local mailbox stand-in)
- chalicelib/events/publisher.py          SNS (domain events to the notification queues)
- chalicelib/notifications/deferral.py    SQS (a held or paced message back on its queue, delayed)
- chalicelib/notifications/dead_letters.py SQS (dead-letter queue depths for the dashboard)
- chalicelib/sms/channels.py              End User Messaging SMS (replies to the SMS lookup)
- chalicelib/transparency/signing.py      KMS (signing the transparency log's tree heads)

The import contract `aws-sdk-in-adapters` (.importlinter) names exactly these modules and storage:
only this package imports boto3, and only they import botocore (for its exception types).
"""
