"""Request size limits that routes declare when they are registered (kept apart from the models, so
registering a route imports no model module: issue 11's cold start)."""

# A whole state's registry (the 2021 councils: 952 rows, 208 KB) fits with room to spare; far below
# API Gateway's 10 MB and Lambda's 6 MB request limits.
REGISTRY_MAX_BYTES = 2_000_000
RESULTS_MAX_BYTES = 2_000_000
SECTION_MAP_MAX_BYTES = 2_000_000
