"""What the tests share with each other and with the benchmarks (bench/ imports from here, never the
reverse: the contract `tests-do-not-import-bench` in .importlinter): the in-process world on moto,
the real local stack with users of every role, the burst and schema-fuzz drivers, and one HTTP client."""
