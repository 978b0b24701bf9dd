"""Configuration forms generated from an app's JSON Schema (issue 12, point 3).

``SchemaForm(schema, initial=config, agencies=agency_choices(scope, region))`` draws the
configuration as a form (nested objects as fieldsets, lists that grow and shrink, enums as
choices, agency references as the region's agencies, names in Indonesian and English side by
side, rupiah and working days shown as such); ``SchemaForm(schema, data=request.POST, …)``
parses the POST back into the configuration, checks it against the schema and reports every
problem next to its field, in the caller's language, named by its label.
"""

from kotacerdas.web.schemaform.form import SchemaForm, agency_choices
from kotacerdas.web.schemaform.page import ConfigForms, config_forms
from kotacerdas.web.schemaform.parse import Problem

__all__ = ["ConfigForms", "Problem", "SchemaForm", "agency_choices", "config_forms"]
