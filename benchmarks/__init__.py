"""Benchmarks: throughput, latency and memory figures, printed by `make bench`."""
