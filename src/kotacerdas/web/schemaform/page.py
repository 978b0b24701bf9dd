"""The configuration page's two forms (generated form, and raw JSON behind "Advanced"), shared
by the console's app page and the catalog's customise page."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from kotacerdas.core.services.config_schema import ConfigInvalid
from kotacerdas.web.forms import AppConfigForm
from kotacerdas.web.schemaform.form import SchemaForm

JSON_FIELD = "config"  # the POST of the Advanced form carries this; the generated form never


@dataclass
class ConfigForms:
    form: SchemaForm
    json_form: AppConfigForm
    saved: bool
    advanced_open: bool


def config_forms(
    request: HttpRequest,
    schema: dict[str, Any],
    config: dict[str, Any],
    agencies: list[tuple[str, str]],
    may_change: bool,
    save: Callable[[dict[str, Any]], Any],
) -> ConfigForms:
    """Both forms for a GET, or the POSTed one checked and ``save``d when all is well.

    The caller refuses a POST from someone who may not change the configuration before
    calling; ``save`` raises ``ConfigInvalid`` to refuse (nothing is then saved).
    """
    initial_json = {"config": json.dumps(config, indent=2, ensure_ascii=False)}
    form = SchemaForm(schema, initial=config, agencies=agencies, disabled=not may_change)
    json_form = AppConfigForm(initial=initial_json)
    if request.method != "POST" or not may_change:
        return ConfigForms(form, json_form, False, False)
    if JSON_FIELD in request.POST:
        json_form = AppConfigForm(request.POST)
        if json_form.is_valid():
            try:
                save(json_form.cleaned_data["config"])
            except ConfigInvalid as exc:
                json_form.add_error(
                    "config",
                    _("Field %(field)s: %(message)s")
                    % {"field": exc.field, "message": exc.message},
                )
            else:
                return ConfigForms(form, json_form, True, False)
        return ConfigForms(form, json_form, False, True)
    form = SchemaForm(schema, data=request.POST, agencies=agencies)
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ConfigInvalid as exc:
            form.add_error(
                _("Field %(field)s: %(message)s") % {"field": exc.field, "message": exc.message}
            )
        else:
            return ConfigForms(form, json_form, True, False)
    return ConfigForms(form, json_form, False, False)
