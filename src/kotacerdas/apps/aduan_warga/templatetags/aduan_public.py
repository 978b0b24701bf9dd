"""Template helpers of the citizens' pages: configuration names in the page's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from kotacerdas.apps.aduan_warga.config import AduanConfig, Attribute, Category

register = template.Library()


def _language() -> str:
    return (get_language() or "id").split("-")[0]


@register.filter
def local_name(category: Category) -> str:
    """A category's name in the page's language (the configuration holds id/en pairs)."""
    return category.name.label(_language())


@register.filter
def category_of(report: Any, conf: AduanConfig) -> str:
    """A report's category in the page's language; the stored name if the region has since
    dropped the category."""
    category = conf.category(str(report.service_code))
    return category.name.label(_language()) if category else str(report.category_name)


@register.filter
def question(attr: Attribute) -> str:
    return attr.question(_language())


@register.filter
def choice_label(value: Any) -> str:
    return str(value.label(_language()))


@register.filter
def answers(report: Any, conf: AduanConfig) -> list[tuple[str, str]]:
    """The category's questions and the reporter's answers, readable: (question, answer)."""
    category = conf.category(str(report.service_code))
    given: dict[str, Any] = report.attributes or {}
    if category is None:
        return [(str(k), str(v)) for k, v in given.items()]
    language = _language()
    rows = []
    for attr in category.attributes:
        if attr.code not in given:
            continue
        value = given[attr.code]
        values = value if isinstance(value, list) else [value]
        shown = ", ".join(attr.value_label(str(v), language) for v in values)
        rows.append((attr.question(language), shown))
    return rows


@register.filter
def chosen(values: Any, key: str) -> list[str]:
    """What the form posted under ``key`` (several for a multiple choice)."""
    if hasattr(values, "getlist"):
        return [str(v) for v in values.getlist(key)]
    return []


@register.filter
def error_for(errors: Any, key: str) -> str:
    """The form's message for a field whose name the template cannot spell (brackets)."""
    return str(errors.get(key, "")) if isinstance(errors, dict) else ""
