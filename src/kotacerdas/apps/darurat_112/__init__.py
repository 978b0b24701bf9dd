"""Darurat 112: 112 emergency calls, dispatch to responders against a target time,
and CAP public warnings."""
