"""Who is calling: Cognito tokens verified in our code, roles from Cognito groups."""
