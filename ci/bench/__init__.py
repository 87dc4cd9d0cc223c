"""make bench: vDSO latency, blobcheck speed, C/R cycle and suite timings (table, JSON, PNG)."""
