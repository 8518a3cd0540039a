"""DynamoDB access. Only this package imports boto3."""
