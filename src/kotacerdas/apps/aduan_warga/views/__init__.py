"""Pages of the app: public (citizens), tracking (the reporter), console (staff)."""
