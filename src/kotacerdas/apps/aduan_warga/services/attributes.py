"""A category's extra attributes (Open311 datatypes): required ones present, values valid."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import Attribute, Category
from kotacerdas.apps.aduan_warga.services import ReportInvalid


def _one(attr: Attribute, value: Any) -> Any:
    code, kind = attr.code, attr.datatype
    field = f"attribute[{code}]"
    keys = {v.key for v in attr.values}
    if kind == "multivaluelist":
        values = value if isinstance(value, list) else [value]
        if not set(map(str, values)) <= keys:
            raise ReportInvalid(field, _("Choose values from the list."))
        return [str(v) for v in values]
    if isinstance(value, list):
        raise ReportInvalid(field, _("This attribute takes one value."))
    text = str(value).strip()
    if kind == "singlevaluelist" and text not in keys:
        raise ReportInvalid(field, _("Choose a value from the list."))
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            raise ReportInvalid(field, _("This attribute must be a number.")) from None
    if kind == "datetime":
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            raise ReportInvalid(field, _("This attribute must be an ISO 8601 date.")) from None
    if len(text) > 4000:
        raise ReportInvalid(field, _("This attribute is too long."))
    return text


def clean_attributes(category: Category, given: dict[str, Any]) -> dict[str, Any]:
    """Known attributes only, typed; a missing required one names its code."""
    clean: dict[str, Any] = {}
    for attr in category.attributes:
        value = given.get(attr.code)
        if value in (None, "", []):
            if attr.required:
                raise ReportInvalid(f"attribute[{attr.code}]", _("This attribute is required."))
            continue
        clean[attr.code] = _one(attr, value)
    return clean
