from __future__ import annotations

import json

import pytest

from sla.vectors import ERROR_ANSWER, MISSING, PUBLIC_VECTORS_PATH, Outcome, run_vectors


def test_every_public_vector_passes_on_the_seeded_calendars(tables):
    # A missing file must fail, not skip: it is the acceptance test of the rule book.
    vectors = json.loads(PUBLIC_VECTORS_PATH.read_text(encoding="utf-8"))
    assert len(vectors) == 90
    results = run_vectors(vectors, tables)
    failures = [r for r in results if r.outcome is not Outcome.PASSED]
    assert failures == []


@pytest.mark.parametrize(
    "vector, problem",
    [
        ({"id": "x", "calendar": "SE", "op": "frobnicate"}, "unknown op 'frobnicate'"),
        (
            {"id": "x", "calendar": "NO", "op": "is_open", "at": "2026-02-10T08:00:00+01:00"},
            "unknown calendar 'NO'",
        ),
        ({"id": "x", "calendar": "SE", "op": "is_open"}, "missing field 'at'"),
        (
            {"id": "x", "calendar": "SE", "op": "is_open", "at": "2026-02-10T08:00:00"},
            "no UTC offset",
        ),
        ({"id": "x", "calendar": "SE", "op": "is_open", "at": "yesterday"}, "not an ISO datetime"),
        (
            {
                "id": "x",
                "calendar": "SE",
                "op": "add_open_time",
                "start": "2026-02-10T08:00:00Z",
                "seconds": -5,
            },
            "integer >= 0",
        ),
        (
            {
                "id": "x",
                "calendar": "SE",
                "op": "start_deadline",
                "level": 6,
                "registered_at": "2026-02-10T08:00:00+01:00",
            },
            "1-5",
        ),
        (
            {
                "id": "x",
                "calendar": "SE",
                "op": "grant_expiry",
                "preset": "1w",
                "granted_at": "2026-02-10T08:00:00+01:00",
            },
            "Unknown support-login duration",
        ),
        (["not", "an", "object"], "not a JSON object"),
    ],
)
def test_malformed_vectors_are_reported_not_raised(tables, vector, problem):
    [result] = run_vectors([vector], tables)
    assert result.outcome is Outcome.INVALID
    assert problem in result.problem


def test_refusals_and_window_misses_answer_error(tables):
    vectors = [
        {
            "id": "refused",
            "calendar": "SE",
            "op": "grant_expiry",
            "preset": "72h",
            "granted_at": "2026-02-16T10:00:00+01:00",
            "expected": "error",
        },
        {"id": "far", "calendar": "SE", "op": "is_open", "at": "2099-02-16T10:00:00+01:00"},
    ]
    refused, far = run_vectors(vectors, tables)
    assert (refused.outcome, refused.actual) == (Outcome.PASSED, ERROR_ANSWER)
    assert (far.outcome, far.actual, far.expected) == (Outcome.COMPUTED, ERROR_ANSWER, MISSING)
    assert "2020-2040" in far.problem


def test_answers_compare_strictly(tables):
    base = {
        "calendar": "SE",
        "op": "open_time_between",
        "a": "2026-02-09T08:00:00+01:00",
        "b": "2026-02-09T09:00:00+01:00",
    }
    vectors = [
        {**base, "id": "int", "expected": 3600},
        {**base, "id": "bool-is-no-int", "expected": True},
        {
            "id": "same-instant-other-offset",
            "calendar": "SE",
            "op": "add_open_time",
            "start": "2026-02-10T11:00:00+01:00",
            "seconds": 7200,
            "expected": "2026-02-10T13:00:00+00:00",
        },
        {
            "id": "spelling",
            "calendar": "SE",
            "op": "add_open_time",
            "start": "2026-02-10T11:00:00+01:00",
            "seconds": 7200,
            "expected": "2026-02-10T14:00:00.000+01:00",
        },
        {**base, "id": "int"},
    ]
    outcomes = [r.outcome for r in run_vectors(vectors, tables)]
    assert outcomes == [
        Outcome.PASSED,
        Outcome.FAILED,
        Outcome.FAILED,
        Outcome.PASSED,
        Outcome.INVALID,
    ]
