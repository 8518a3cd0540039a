"""The AWS adapters: the only modules besides chalicelib/storage that talk to AWS (import boto3).

Each adapter wraps one AWS service behind a small class whose errors are the feature's own
(chalicelib/errors.py categories); AWS's codes and messages stay in the logs. The import contract
`aws-sdk-in-adapters` (.importlinter) lets only chalicelib.storage and chalicelib.adapters import
boto3/botocore. `clients.LazyClient` is how every adapter (and the DynamoDB table) gets its client.
"""
