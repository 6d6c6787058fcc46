"""Runnable benchmarks (python -m tests.bench); never collected by the normal test run."""
