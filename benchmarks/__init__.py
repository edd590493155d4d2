"""Benchmarks of the whole pipeline: `omnichannel bench` (see benchmarks/results/README.md)."""
