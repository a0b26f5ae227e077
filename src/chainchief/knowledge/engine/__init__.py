"""The analysis engine: plain Python over an in-memory index of the national graph.

Nothing here imports Django: callers (services, selectors, commands, benchmarks) load the
data and pass it in, so every function is testable alone and partitionable across workers.
"""
