"""Harga Pangan: staple-food prices per market, spikes against tiers and reference prices."""
