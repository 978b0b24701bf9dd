"""``SchemaForm``: an app's configuration as an HTML form generated from its JSON Schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from kotacerdas.web.schemaform import text
from kotacerdas.web.schemaform.check import check
from kotacerdas.web.schemaform.parse import Parsed, Problem, parse
from kotacerdas.web.schemaform.tree import Builder, FieldError, Node


class SchemaForm:
    """Draw ``initial`` (or the POSTed ``data``) as a form; parse and check the POST.

    ``agencies`` are the region's ``(slug, name)`` pairs offered for every property marked
    ``x-kotacerdas-ref: agency``; a POSTed slug outside them is refused. ``disabled`` draws
    the form read-only (for callers who may only look).

    >>> form = SchemaForm(schema, data=request.POST, agencies=agencies)
    >>> if form.is_valid():
    ...     save(form.cleaned_data)
    """

    def __init__(
        self,
        schema: dict[str, Any],
        initial: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        agencies: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
        prefix: str = "cfg",
        disabled: bool = False,
    ) -> None:
        self.schema = schema
        self.initial = dict(initial or {})
        self.data = data
        self.agencies = list(agencies)
        self.prefix = prefix
        self.disabled = disabled
        self._parsed: Parsed | None = None
        self._problems: list[Problem] | None = None
        self.extra_errors: list[str] = []
        self._summary: list[FieldError] | None = None
        self._root: Node | None = None

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def _parse(self) -> Parsed:
        if self._parsed is None:
            assert self.data is not None
            slugs = {slug for slug, _ in self.agencies}
            self._parsed = parse(self.schema, self.data, self.prefix, slugs)
        return self._parsed

    @property
    def problems(self) -> list[Problem]:
        if not self.is_bound:
            return []
        if self._problems is None:
            parsed = self._parse()
            self._problems = check(self.schema, parsed.config, parsed.problems)
        return self._problems

    def is_valid(self) -> bool:
        return self.is_bound and not self.problems and not self.extra_errors

    @property
    def cleaned_data(self) -> dict[str, Any]:
        """The configuration as POSTed (before defaults are filled in by the service)."""
        return self._parse().config

    def add_error(self, message: str) -> None:
        """A refusal that belongs to no one field (a service said no)."""
        self.extra_errors.append(message)
        self._root = None

    # -- drawing ---------------------------------------------------------------------------

    def _build(self) -> Node:
        if self._root is None:
            if self.is_bound:
                parsed = self._parse()
                builder = Builder(self.problems, parsed.raw, parsed.map_rows, self.agencies)
                value: Any = parsed.config
            else:
                builder = Builder([], {}, {}, self.agencies)
                value = self.initial
            self._root = builder.build(self.schema, value, self.prefix, (), "", True, ())
            self._summary = builder.summary
            for problem in self.problems:
                if problem.path not in builder.used:  # a place with no field of its own
                    label = next((str(p) for p in reversed(problem.path) if isinstance(p, str)), "")
                    msg = text.message(problem.code, text.humanise(label) or "—", **problem.params)
                    self._summary.append(FieldError("", "", msg))
        return self._root

    @property
    def root(self) -> Node:
        return self._build()

    @property
    def errors(self) -> list[FieldError]:
        """Every message, for the summary above the form (each also shows at its field)."""
        self._build()
        assert self._summary is not None
        return [*self._summary, *(FieldError("", "", m) for m in self.extra_errors)]

    @property
    def t(self) -> dict[str, str]:
        """The words of the form's controls, in the current language."""
        return text.texts()

    def render(self) -> SafeString:
        context = {"sf": self, "root": self.root, "t": text.texts()}
        return SafeString(render_to_string("kotacerdas/schemaform/form.html", context))

    def __html__(self) -> SafeString:
        return self.render()

    def __str__(self) -> str:
        return self.render()


def agency_choices(scope: Any, region: Any) -> list[tuple[str, str]]:
    """The region's active agencies as ``(slug, name)``, for the agency dropdowns."""
    from kotacerdas.core.models import Agency

    rows = Agency.objects.scoped(scope).filter(region=region, is_active=True).order_by("name")
    return [(slug, name) for slug, name in rows.values_list("slug", "name")]
