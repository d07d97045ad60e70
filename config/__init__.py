"""Settings of the installation, declared once (see ``config.settings``)."""
