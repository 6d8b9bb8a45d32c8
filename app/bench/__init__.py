"""Benchmarks anyone can run: `giftpos bench {store,ledger,drivers,ui,all}`.

Every benchmark answers the same shape: one key per scenario, each holding
``ops_per_s``, ``p50_ms``, ``p99_ms`` and, where a baseline ran beside it,
``baseline`` (same fields) and ``ratio`` (ours / baseline throughput).
"""
