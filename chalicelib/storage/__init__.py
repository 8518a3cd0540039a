"""DynamoDB and S3 access: every request shape (keys, conditions, transactions, stream-image decoding)
is built here and nowhere else. Clients come from chalicelib/adapters/clients.py (the only `import
boto3`); the other AWS services are reached through the adapters listed in chalicelib/adapters."""
