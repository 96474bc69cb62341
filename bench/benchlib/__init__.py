"""Helpers the benchmarks share (not run on their own)."""
