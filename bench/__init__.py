"""Benchmarks and the synthetic data generator (``make bench``; never run by ``make test``)."""
