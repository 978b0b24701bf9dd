"""All writes of Data Terbuka: uploads, metadata, review, app feeds and the personal-data check.

Every service raises :class:`Refused` for bad input or a forbidden action: ``message`` is in
the caller's language, ``field`` names the field at fault (or ``""``), ``code`` says what
kind of refusal it is (``"invalid"``, ``"forbidden"``, ``"not_found"``) so a view can answer
in its own format (a form error, ``{"detail", "field"}`` or CKAN's ``__type``).
"""

from __future__ import annotations


class Refused(ValueError):
    def __init__(self, message: str, field: str = "", code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return self.message
