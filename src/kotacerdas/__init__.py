"""kotacerdas: one platform on which Indonesian regions run, share and watch smart-city apps."""

__version__ = "0.1.0"
