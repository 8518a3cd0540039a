"""Citizen accounts on Cognito: sign-up with an app-verified email, log-in, refresh, who am I.

`cognito` is the boto3 adapter (the only module here that calls AWS), `service` the use cases,
`codes` the verification-code primitives, `models` the request and response bodies.
"""
