"""Connectors: read export files, detect, map, parse, validate, pseudonymise and load them."""
