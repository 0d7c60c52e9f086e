"""ASGI service (Starlette on uvicorn): probes, Prometheus metrics, JSON logs, graceful drain."""
