"""Benchmarks and measurement scripts; they live in the source checkout, not in the wheel."""
