"""Signals the core sends, so platform parts (catalog, situation room) hook in without the
core importing them."""

from django.dispatch import Signal

# Sent by kotacerdas.platform.demo.seed_demo after regions, users and apps are seeded;
# keyword argument ``regions``: the demo regions in seeding order.
demo_seeded = Signal()
