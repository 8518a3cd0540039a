"""DecideIEEM infrastructure: one CDK (Python) app that deploys the Chalice app and everything around it."""
