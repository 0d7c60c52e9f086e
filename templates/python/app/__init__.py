"""HTTP service on the standard library: probes, graceful drain, JSON logs."""
