"""make bench: latency, blobcheck throughput, C/R cycle and suite timings, as a table, JSON and PNG."""
