"""The app catalog: variants, publishing, adoption with lineage, merges, bundles, agreements."""
