"""Index: per-file records and the trace graph assembled from them."""
