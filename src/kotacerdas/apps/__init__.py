"""First-party smart-city apps. Each sub-package is a Django app behind the app contract,
registered in pyproject.toml under ``[project.entry-points."kotacerdas.apps"]``."""
