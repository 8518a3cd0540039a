"""HTTP edge: route registration with validation, caching, error mapping and OpenAPI."""
