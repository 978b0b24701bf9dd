"""Configuration forms generated from the apps' JSON Schemas: render, POST back, errors."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.utils import translation

from kotacerdas.contract import all_apps
from kotacerdas.core.opd import STANDARD_OPD
from kotacerdas.core.services.config_schema import validate_config
from kotacerdas.web.schemaform import SchemaForm

# Every standard OPD, as a region's agency list would offer them, so any app's defaults
# that name one (Damkar for 112, Dinkes for health, Disbudpar for events …) are offered.
# Plus the partners 112 dispatches to by default (PSC 119, the police).
AGENCIES = [(o.slug, o.short_name) for o in STANDARD_OPD] + [
    ("dkp", "DKP"),
    ("dinkop", "DINKOP"),
    ("psc119", "PSC 119"),
    ("polres", "Polres"),
]


class _Submission(HTMLParser):
    """What a browser would POST for the form: inputs outside <template>, checked boxes only,
    the selected option of each select (the first when none is marked)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.in_template = 0
        self.select: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None
        self.buffer = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        if tag == "input" and "name" in a:
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.data[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select, self.first_option = a["name"], None
        elif tag == "option" and self.select is not None:
            if self.first_option is None:
                self.first_option = a.get("value", "")
                self.data[self.select] = self.first_option
            if "selected" in a:
                self.data[self.select] = a.get("value", "")
        elif tag == "textarea" and "name" in a:
            self.textarea, self.buffer = a["name"], ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.in_template -= 1
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.data[self.textarea] = self.buffer
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.buffer += data


def submitted(html: str) -> dict[str, str]:
    parser = _Submission()
    parser.feed(html)
    return parser.data


def _schemas() -> list[Any]:
    return [pytest.param(app.manifest.config_schema, id=app.key) for app in all_apps()]


@pytest.mark.parametrize("schema", _schemas())
def test_every_app_round_trips_unchanged(schema: dict[str, Any]) -> None:
    config = validate_config(schema, {})
    html = SchemaForm(schema, initial=config, agencies=AGENCIES).render()
    form = SchemaForm(schema, data=submitted(html), agencies=AGENCIES)
    assert form.is_valid(), [e.message for e in form.errors]
    assert validate_config(schema, form.cleaned_data) == config


def test_demo_configurations_round_trip(demo: Any) -> None:
    from kotacerdas.core.models import AppInstallation
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.web.schemaform import agency_choices

    scope = Scope.system("test reads every demo configuration")
    rows = AppInstallation.objects.scoped(scope).select_related("region")
    apps = {app.key: app for app in all_apps()}
    checked = 0
    for row in rows:
        schema = apps[row.app_key].manifest.config_schema
        agencies = agency_choices(scope, row.region)
        html = SchemaForm(schema, initial=row.config, agencies=agencies).render()
        form = SchemaForm(schema, data=submitted(html), agencies=agencies)
        assert form.is_valid(), (row.region.slug, row.app_key, [e.message for e in form.errors])
        assert validate_config(schema, form.cleaned_data) == row.config, (
            row.region.slug,
            row.app_key,
        )
        checked += 1
    assert checked >= 6


SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "categories": {
            "type": "array",
            "x-kotacerdas-label": {"id": "Kategori", "en": "Categories"},
            "minItems": 1,
            "maxItems": 3,
            "items": {
                "type": "object",
                "required": ["code", "name", "agency"],
                "additionalProperties": False,
                "properties": {
                    "code": {
                        "type": "string",
                        "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$",
                        "x-kotacerdas-label": {"id": "Kode", "en": "Code"},
                    },
                    "name": {
                        "type": "object",
                        "required": ["id"],
                        "x-kotacerdas-label": {"id": "Nama", "en": "Name"},
                        "properties": {"id": {"type": "string"}, "en": {"type": "string"}},
                    },
                    "agency": {"type": "string", "x-kotacerdas-ref": "agency", "title": "Agency"},
                    "days": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 30,
                        "x-kotacerdas-unit": "working_days",
                        "x-kotacerdas-label": {"id": "Batas waktu", "en": "Deadline"},
                    },
                    "kind": {
                        "enum": ["a", "b"],
                        "default": "a",
                        "x-kotacerdas-enum-labels": {
                            "a": {"id": "Aduan", "en": "Complaint"},
                            "b": {"id": "Aspirasi", "en": "Suggestion"},
                        },
                    },
                },
            },
        },
        "title": {"type": "string", "minLength": 2, "maxLength": 5, "title": "Judul"},
        "price": {"type": "integer", "minimum": 1, "x-kotacerdas-unit": "rupiah"},
        "open": {"type": "boolean", "default": False},
    },
}
GOOD = {
    "categories": [
        {"code": "jalan", "name": {"id": "Jalan", "en": "Road"}, "agency": "dpu", "days": 5}
    ],
    "title": "Hai",
}


def _post(**changes: str) -> dict[str, str]:
    data = {
        "cfg-__present": "1",
        "cfg-categories-__present": "1",
        "cfg-categories-0-code": "jalan",
        "cfg-categories-0-name-id": "Jalan",
        "cfg-categories-0-name-en": "Road",
        "cfg-categories-0-agency": "dpu",
        "cfg-categories-0-days": "5",
        "cfg-categories-0-kind": "a",
        "cfg-title": "Hai",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _errors(data: dict[str, str], lang: str) -> list[str]:
    with translation.override(lang):
        form = SchemaForm(SCHEMA, data=data, agencies=AGENCIES)
        assert not form.is_valid()
        return [e.message for e in form.errors]


def test_controls_of_each_kind() -> None:
    with translation.override("en"):
        html = SchemaForm(
            SCHEMA, initial=GOOD, agencies=[("dpu", "Dinas PU"), ("dlh", "DLH")]
        ).render()
    assert '<select name="cfg-categories-0-kind"' in html and ">Complaint</option>" in html
    assert 'name="cfg-categories-0-name-id"' in html and 'name="cfg-categories-0-name-en"' in html
    assert "sf-bilingual" in html
    assert '<option value="dpu" selected>Dinas PU</option>' in html
    assert '<span class="sf-affix">Rp</span>' in html
    assert '<span class="sf-affix">working days</span>' in html
    assert "<template data-sf-template>" in html and "__N0__" in html
    assert "data-sf-extra" in html  # the blank row for browsers without JavaScript
    assert "<script>" not in html and "onclick" not in html
    with translation.override("id"):
        html = SchemaForm(SCHEMA, initial=GOOD, agencies=AGENCIES).render()
    assert (
        "hari kerja" in html and ">Aduan</option>" in html and "<legend>Kategori</legend>" in html
    )


def test_list_rows_added_removed_and_blank_rows_ignored() -> None:
    data = _post(
        **{
            "cfg-categories-4-code": "pohon",
            "cfg-categories-4-name-id": "Pohon tumbang",
            "cfg-categories-4-agency": "dlh",
            "cfg-categories-4-days": "3",
            "cfg-categories-2-code": "",  # the blank extra row, left blank
            "cfg-categories-2-name-id": "",
            "cfg-categories-2-agency": "",
        }
    )
    form = SchemaForm(SCHEMA, data=data, agencies=AGENCIES)
    assert form.is_valid(), [e.message for e in form.errors]
    cats = form.cleaned_data["categories"]
    assert [c["code"] for c in cats] == ["jalan", "pohon"]
    assert cats[1] == {"code": "pohon", "name": {"id": "Pohon tumbang"}, "agency": "dlh", "days": 3}
    removed = SchemaForm(SCHEMA, data={**data, "cfg-categories-0-__delete": "1"}, agencies=AGENCIES)
    assert removed.is_valid() and [c["code"] for c in removed.cleaned_data["categories"]] == [
        "pohon"
    ]


CASES = [
    ("required", {"cfg-categories-0-code": ""}, "“Kode” wajib diisi.", "“Code” is required."),
    (
        "type",
        {"cfg-categories-0-days": "lima"},
        "“Batas waktu” harus bilangan bulat.",
        "“Deadline” must be a whole number.",
    ),
    (
        "minimum",
        {"cfg-categories-0-days": "0"},
        "“Batas waktu” paling sedikit 1 hari kerja.",
        "“Deadline” must be at least 1 working days.",
    ),
    (
        "maximum",
        {"cfg-categories-0-days": "31"},
        "“Batas waktu” paling banyak 30 hari kerja.",
        "“Deadline” must be at most 30 working days.",
    ),
    (
        "minLength",
        {"cfg-title": "H"},
        "“Judul” paling sedikit 2 karakter.",
        "“Judul” must be at least 2 characters long.",
    ),
    (
        "maxLength",
        {"cfg-title": "Halo dunia"},
        "“Judul” paling banyak 5 karakter.",
        "“Judul” must be at most 5 characters long.",
    ),
    (
        "pattern",
        {"cfg-categories-0-code": "Jalan Rusak"},
        "“Kode” hanya boleh berisi huruf kecil, angka dan tanda hubung, seperti jalan-rusak.",
        "“Code” may hold only lower-case letters, digits and hyphens, such as jalan-rusak.",
    ),
    (
        "enum",
        {"cfg-categories-0-kind": "z"},
        "“Kind” harus salah satu dari: Aduan, Aspirasi.",
        "“Kind” must be one of: Complaint, Suggestion.",
    ),
    (
        "minItems",
        {"cfg-categories-0-__delete": "1"},
        "“Kategori” perlu paling sedikit 1 butir.",
        "“Categories” needs at least 1 items.",
    ),
    (
        "price minimum",
        {"cfg-price": "0"},
        "“Price” paling sedikit Rp 1.",
        "“Price” must be at least Rp 1.",
    ),
]


@pytest.mark.parametrize(
    ("case", "change", "indonesian", "english"), CASES, ids=[c[0] for c in CASES]
)
def test_each_validator_in_both_languages(
    case: str, change: dict[str, str], indonesian: str, english: str
) -> None:
    assert indonesian in _errors(_post(**change), "id")
    assert english in _errors(_post(**change), "en")


def test_max_items_and_additional_properties_messages() -> None:
    data = _post()
    for i in (1, 2, 3):
        data.update(
            {
                f"cfg-categories-{i}-code": f"k{i}",
                f"cfg-categories-{i}-name-id": "K",
                f"cfg-categories-{i}-agency": "dpu",
            }
        )
    assert "“Categories” may have at most 3 items." in _errors(data, "en")
    assert "“Kategori” paling banyak 3 butir." in _errors(data, "id")
    from kotacerdas.web.schemaform.check import check

    problems = check(SCHEMA, {**GOOD, "legacy": 1}, [])
    assert [(p.code, p.params) for p in problems] == [("additionalProperties", {"names": "legacy"})]
    with translation.override("id"):
        form = SchemaForm(SCHEMA, data=_post(), agencies=AGENCIES)
        form._problems = problems
        assert "memuat pengaturan yang tidak dikenal aplikasi ini: legacy" in form.errors[0].message


def test_all_errors_at_once_next_to_their_fields_and_input_kept() -> None:
    data = _post(
        **{"cfg-categories-0-days": "99", "cfg-title": "H", "cfg-categories-0-code": "Bad Code"}
    )
    with translation.override("en"):
        form = SchemaForm(SCHEMA, data=data, agencies=AGENCIES)
        assert not form.is_valid()
        html = form.render()
    assert len(form.errors) == 3
    assert 'id="cfg-categories-0-days-err"' in html and 'value="99"' in html
    assert 'id="cfg-title-err"' in html and 'value="Bad Code"' in html
    assert "categories[0]" not in html and "categories › 0" not in html  # no JSON paths


def test_unparseable_number_is_kept_as_typed() -> None:
    with translation.override("en"):
        form = SchemaForm(SCHEMA, data=_post(**{"cfg-price": "sepuluh"}), agencies=AGENCIES)
        assert not form.is_valid()
        assert [e.message for e in form.errors] == ["“Price” must be a whole number."]
        assert 'value="sepuluh"' in form.render()


def test_agency_dropdown_lists_only_the_regions_agencies(demo: Any) -> None:
    from kotacerdas.core.models import Agency
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.web.schemaform import agency_choices

    scope = Scope.system("test")
    kendal = agency_choices(scope, demo.kendal)
    kendal_slugs = set(
        Agency.objects.scoped(scope).filter(region=demo.kendal).values_list("slug", flat=True)
    )
    semarang_slugs = set(
        Agency.objects.scoped(scope).filter(region=demo.semarang).values_list("slug", flat=True)
    )
    assert {slug for slug, _ in kendal} == kendal_slugs
    own = sorted(kendal_slugs)[0]
    config = {**GOOD, "categories": [{**GOOD["categories"][0], "agency": own}]}
    html = SchemaForm(SCHEMA, initial=config, agencies=kendal).render()
    start = html.index('<select name="cfg-categories-0-agency"')
    options = html[start : html.index("</select>", start)]
    offered = {o.split('"')[1] for o in options.split("<option value=")[1:]} - {""}
    assert offered == kendal_slugs
    names = dict(kendal)
    assert f'<option value="{own}" selected>{names[own]}</option>' in options
    foreign = sorted(semarang_slugs - kendal_slugs) or ["dinas-semarang-saja"]
    form = SchemaForm(
        SCHEMA, data=_post(**{"cfg-categories-0-agency": foreign[0]}), agencies=kendal
    )
    assert not form.is_valid()


def test_an_agency_not_of_the_region_is_refused() -> None:
    with translation.override("en"):
        form = SchemaForm(
            SCHEMA,
            data=_post(**{"cfg-categories-0-agency": "dinas-lain"}),
            agencies=[("dpu", "DPU")],
        )
        assert not form.is_valid()
        assert [e.message for e in form.errors] == ["“Agency”: choose an agency of this region."]


@pytest.mark.parametrize("bad", ["Jalan\x00", "Ja\x1blan", "Jalan\u202e", "Jalan\nrusak"])
def test_control_characters_are_refused_naming_the_field(bad: str) -> None:
    with translation.override("id"):
        form = SchemaForm(
            SCHEMA, data=_post(**{"cfg-categories-0-name-id": bad}), agencies=AGENCIES
        )
        assert not form.is_valid()
        assert [e.message for e in form.errors] == [
            "“Nama (Bahasa Indonesia)” memuat karakter kendali tak terlihat; hapus dulu."
        ]


def test_maps_edit_as_key_value_rows() -> None:
    schema = {
        "type": "object",
        "properties": {
            "hours": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
        },
    }
    html = SchemaForm(schema, initial={"hours": {"pm10": 24, "co": 8}}).render()
    form = SchemaForm(schema, data=submitted(html))
    assert form.is_valid() and form.cleaned_data == {"hours": {"pm10": 24, "co": 8}}
    twice = SchemaForm(schema, data={**submitted(html), "cfg-hours-1-key": "pm10"})
    with translation.override("en"):
        assert [e.message for e in twice.errors] == [
            "“Hours”: the key pm10 appears twice."
        ] or not twice.is_valid()
    zero = SchemaForm(schema, data={**submitted(html), "cfg-hours-0-value": "0"})
    with translation.override("en"):
        assert [e.message for e in zero.errors] == ["“Value” must be at least 1."]


def test_read_only_form_is_disabled() -> None:
    html = SchemaForm(SCHEMA, initial=GOOD, agencies=AGENCIES, disabled=True).render()
    assert '<fieldset class="sf-form" data-sf-form disabled>' in html
