from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from sla.vectors import PUBLIC_VECTORS_PATH

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("sla_check", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_public_vectors_all_pass():
    code, out, _ = run(str(PUBLIC_VECTORS_PATH))
    assert (code, out) == (0, "90 passed, 0 failed\n")


def test_mismatches_malformed_vectors_and_unknown_ops_are_reported(tmp_path):
    vectors = [
        {
            "id": "ok",
            "calendar": "SE",
            "op": "is_open",
            "at": "2026-02-10T08:00:00+01:00",
            "expected": True,
        },
        {
            "id": "wrong",
            "calendar": "SE",
            "op": "add_open_time",
            "start": "2026-02-10T11:00:00+01:00",
            "seconds": 7200,
            "expected": "2026-02-10T13:00:00+01:00",
        },
        {"id": "odd-op", "calendar": "SE", "op": "teleport", "expected": True},
        {"id": "no-time", "calendar": "FI", "op": "is_open", "expected": False},
        {
            "id": "only-computed",
            "calendar": "FI",
            "op": "open_time_between",
            "a": "2026-02-09T08:00:00+02:00",
            "b": "2026-02-09T12:00:00+02:00",
        },
    ]
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps(vectors))
    code, out, err = run(str(path))
    assert code == 1
    assert out.splitlines() == [
        "wrong 2026-02-10T13:00:00+01:00 2026-02-10T14:00:00+01:00",
        "odd-op true invalid:unknown-op",
        "no-time false invalid:missing-field",
        "1 computed without an expected value",
        "1 passed, 3 failed",
    ]
    assert "odd-op: unknown op 'teleport'" in err
    assert "no-time: missing field 'at'" in err


def test_answers_to_stdout_print_only_json(tmp_path):
    path = tmp_path / "vectors.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": "a",
                    "calendar": "SE",
                    "op": "grant_expiry",
                    "preset": "72h",
                    "granted_at": "2026-02-16T10:00:00+01:00",
                },
                {
                    "id": "b",
                    "calendar": "FI",
                    "op": "open_time_between",
                    "a": "2026-02-09T08:00:00+02:00",
                    "b": "2026-02-13T16:00:00+02:00",
                },
                {
                    "id": "c",
                    "calendar": "SE",
                    "op": "resolution_goal",
                    "level": 2,
                    "registered_at": "2026-04-01T10:00:00+02:00",
                },
                {"id": "d", "op": "is_open"},
            ]
        )
    )
    code, out, err = run(str(path), "--answers", "-")
    assert code == 1  # "d" is malformed
    assert json.loads(out) == {
        "a": "error",
        "b": 118800,
        "c": "2026-04-02T12:00:00+02:00",
        "d": None,
    }
    assert err.splitlines()[-1] == "0 passed, 1 failed"


def test_answers_to_a_file_match_the_public_expectations(tmp_path):
    answers = tmp_path / "answers.json"
    code, out, _ = run(str(PUBLIC_VECTORS_PATH), "--answers", str(answers))
    assert (code, out) == (0, "90 passed, 0 failed\n")
    expected = {v["id"]: v["expected"] for v in json.loads(PUBLIC_VECTORS_PATH.read_text())}
    assert json.loads(answers.read_text()) == expected


def test_unreadable_file_is_a_command_error(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("sla_check", str(tmp_path / "missing.json"))


ROOT = Path(__file__).resolve().parents[2]


def _sla_check_on_a_fresh_checkout(var_dir: Path) -> subprocess.CompletedProcess[str]:
    """`manage.py sla_check` as on a fresh clone: SQLite in `var_dir`, never migrated."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="kundcenter.settings.test", KUNDCENTER_VAR_DIR=str(var_dir))
    return subprocess.run(
        [sys.executable, "manage.py", "sla_check", str(PUBLIC_VECTORS_PATH)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("var_exists", [True, False], ids=["empty-database", "no-var-folder"])
def test_an_unmigrated_database_is_a_one_line_error_not_a_traceback(tmp_path, var_exists):
    var_dir = tmp_path / "var"
    if var_exists:
        var_dir.mkdir()
    result = _sla_check_on_a_fresh_checkout(var_dir)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("CommandError: ")
    assert "python manage.py migrate" in line and "make migrate" in line
    assert result.stdout == ""
