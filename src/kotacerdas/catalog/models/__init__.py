"""Catalog models: variants and their versions, lineage of installations, configuration
history, agreements (PKS) and the regions' signing keys."""

from kotacerdas.catalog.models.agreements import Agreement
from kotacerdas.catalog.models.lineage import Branding, ConfigRevision, Lineage
from kotacerdas.catalog.models.signing import SigningKey, TrustedKey
from kotacerdas.catalog.models.variants import Variant, VariantVersion

__all__ = [
    "Agreement",
    "Branding",
    "ConfigRevision",
    "Lineage",
    "SigningKey",
    "TrustedKey",
    "Variant",
    "VariantVersion",
]
