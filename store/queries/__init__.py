"""The queries the metrics layer needs: SQLAlchemy Core only, bound parameters, one module per job.

``store.metrics_queries`` is the entry point the metrics layer imports.
"""
