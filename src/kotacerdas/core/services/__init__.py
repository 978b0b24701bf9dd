"""Core services: the only place that writes core data. Views call these; services never commit
on their own outside ``transaction.atomic`` blocks they open."""
