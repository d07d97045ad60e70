"""The metrics layer: the KPI registry, periods, terms, scopes and suppression."""
