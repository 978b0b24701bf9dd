"""Bad input, described so the sender can find it: which reading or line, which field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    index: int  # reading index (JSON) or 1-based line number (line protocol)
    field: str
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "detail": self.detail}


@dataclass
class BatchRejected(Exception):
    """The whole batch was refused and nothing of it stored (the partial-batch policy)."""

    summary: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return self.summary


class TooLarge(Exception):
    """Body over the size limit (HTTP 413)."""
