"""`python -m bench.burst`: the benchmark's command line; the driver lives in tests/support/burst.py
(shared with the bounded resilience tests, which never import bench/)."""

from __future__ import annotations

from tests.support.burst import main

if __name__ == "__main__":
    main()
