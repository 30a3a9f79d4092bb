"""Worked examples of the rule book ("vectors", `sla/vectors/*.json`) run on the engine.

A vector is an object with `id`, `calendar` (office), `op`, the op's arguments and, usually,
`expected`. Answers use the format of `expected`: an ISO datetime in office-local time with
its offset and second precision, a bool for `is_open`, whole seconds for
`open_time_between`, and "error" for a refused grant or a query outside the calendar window.
Pure: `manage.py sla_check` and the tests feed it opening tables.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sla.calendar import CalendarError, OpeningTable, add_open_time, is_open, open_time_between
from sla.rules import GrantPresetNotAllowed, grant_expiry, resolution_goal, start_deadline

__all__ = [
    "ERROR_ANSWER",
    "MISSING",
    "PUBLIC_VECTORS_PATH",
    "Outcome",
    "VectorResult",
    "run_vector",
    "run_vectors",
]

# The rule book's public vectors, a byte-identical copy kept in the repository so that a
# fresh clone tests itself; every test, benchmark and example reads them from here.
PUBLIC_VECTORS_PATH = Path(__file__).resolve().parent / "vectors" / "public.json"

Answer = bool | int | str
ERROR_ANSWER = "error"


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Outcome(enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    COMPUTED = "computed"  # no `expected` given: answer only
    INVALID = "invalid"  # the vector itself is unusable; counts as failed


@dataclass(frozen=True)
class VectorResult:
    id: str
    outcome: Outcome
    expected: Any = MISSING
    actual: Answer | None = None
    problem: str = ""
    # For INVALID: a short tag (unknown-op, missing-field, bad-field, unknown-calendar,
    # bad-value, not-an-object, duplicate-id) for one-line, machine-read reports.
    code: str = ""


class MalformedVector(ValueError):
    def __init__(self, message: str, *, code: str = "bad-field") -> None:
        super().__init__(message)
        self.code = code


def _field(vector: Mapping[str, Any], name: str) -> Any:
    if name not in vector:
        raise MalformedVector(f"missing field {name!r}", code="missing-field")
    return vector[name]


def _instant(vector: Mapping[str, Any], name: str) -> datetime:
    value = _field(vector, name)
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise MalformedVector(f"{name!r} is not an ISO datetime: {value!r}") from None
    if parsed.utcoffset() is None:
        raise MalformedVector(f"{name!r} has no UTC offset: {value!r}")
    return parsed


def _integer(vector: Mapping[str, Any], name: str, *, minimum: int = 0) -> int:
    value = _field(vector, name)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise MalformedVector(f"{name!r} must be an integer >= {minimum}: {value!r}")
    return value


def _text(vector: Mapping[str, Any], name: str) -> str:
    value = _field(vector, name)
    if not isinstance(value, str):
        raise MalformedVector(f"{name!r} must be a string: {value!r}")
    return value


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _open_seconds(table: OpeningTable, vector: Mapping[str, Any]) -> int:
    elapsed = open_time_between(table, _instant(vector, "a"), _instant(vector, "b"))
    return elapsed // timedelta(seconds=1)


def _level(vector: Mapping[str, Any]) -> int:
    level = _integer(vector, "level", minimum=1)
    if level > 5:
        raise MalformedVector(f"'level' must be 1-5: {level!r}")
    return level


def _grant(table: OpeningTable, vector: Mapping[str, Any]) -> str:
    # Unknown presets are malformed vectors (ValueError); a refused one is a domain answer.
    return _iso(grant_expiry(table, _instant(vector, "granted_at"), _text(vector, "preset")))


_OPS: Mapping[str, Callable[[OpeningTable, Mapping[str, Any]], Answer]] = {
    "is_open": lambda table, v: is_open(table, _instant(v, "at")),
    "add_open_time": lambda table, v: _iso(
        add_open_time(table, _instant(v, "start"), timedelta(seconds=_integer(v, "seconds")))
    ),
    "open_time_between": _open_seconds,
    "start_deadline": lambda table, v: _iso(
        start_deadline(table, _instant(v, "registered_at"), _level(v))
    ),
    "resolution_goal": lambda table, v: _iso(
        resolution_goal(table, _instant(v, "registered_at"), _level(v))
    ),
    "grant_expiry": _grant,
}
OPS: tuple[str, ...] = tuple(_OPS)


def _same(expected: Any, actual: Answer) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, str) and isinstance(actual, str) and expected != actual:
        # Tolerate only spelling ("…08:00:00.000+01:00"), never another offset.
        try:
            a, b = datetime.fromisoformat(expected), datetime.fromisoformat(actual)
        except ValueError:
            return False
        return a.utcoffset() is not None and a == b and a.utcoffset() == b.utcoffset()
    return type(expected) in (int, float, str) and expected == actual


def run_vector(vector: Any, tables: Mapping[str, OpeningTable], *, index: int) -> VectorResult:
    """Evaluate one vector; never raises for a bad vector, it reports it."""
    if not isinstance(vector, Mapping):
        return VectorResult(
            f"#{index}", Outcome.INVALID, problem="not a JSON object", code="not-an-object"
        )
    vector_id = vector.get("id")
    vector_id = str(vector_id) if vector_id not in (None, "") else f"#{index}"
    expected = vector.get("expected", MISSING)
    try:
        op = _text(vector, "op")
        if op not in _OPS:
            raise MalformedVector(f"unknown op {op!r}; known: {', '.join(OPS)}", code="unknown-op")
        office = _text(vector, "calendar")
        if office not in tables:
            raise MalformedVector(
                f"unknown calendar {office!r}; known: {', '.join(tables)}", code="unknown-calendar"
            )
        try:
            actual = _OPS[op](tables[office], vector)
        except (GrantPresetNotAllowed, CalendarError) as error:
            # A refusal (72 h off a Friday) or a query off the calendar window is an answer.
            actual, problem = ERROR_ANSWER, str(error)
        else:
            problem = ""
    except ValueError as error:  # MalformedVector, or an engine refusal of a bad argument
        code = error.code if isinstance(error, MalformedVector) else "bad-value"
        return VectorResult(vector_id, Outcome.INVALID, expected, problem=str(error), code=code)
    if expected is MISSING:
        return VectorResult(vector_id, Outcome.COMPUTED, expected, actual, problem)
    outcome = Outcome.PASSED if _same(expected, actual) else Outcome.FAILED
    return VectorResult(vector_id, outcome, expected, actual, problem)


def run_vectors(vectors: Sequence[Any], tables: Mapping[str, OpeningTable]) -> list[VectorResult]:
    """Evaluate every vector; a repeated id is reported as invalid (answers are keyed by id)."""
    results: list[VectorResult] = []
    seen: set[str] = set()
    for index, vector in enumerate(vectors):
        result = run_vector(vector, tables, index=index)
        if result.id in seen:
            result = VectorResult(
                result.id,
                Outcome.INVALID,
                result.expected,
                problem="duplicate id",
                code="duplicate-id",
            )
        seen.add(result.id)
        results.append(result)
    return results
