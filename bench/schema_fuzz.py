"""`python -m bench.schema_fuzz`: the benchmark's command line; the driver lives in tests/support/schema_fuzz.py
(shared with the bounded resilience tests, which never import bench/)."""

from __future__ import annotations

from tests.support.schema_fuzz import main

if __name__ == "__main__":
    main()
