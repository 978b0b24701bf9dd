"""Indeks Kematangan: the smart-city maturity evaluation (monev), scored from live data.

A platform module beside the catalog and the situation room, not an app: it reads every
app's KPIs through the contract (``IndicatorFeed``) and keeps evaluation templates per year,
regions' manual entries with evidence, the province's reviews and the computed scores.
"""
