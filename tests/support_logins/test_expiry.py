"""Grant expiry against the rule book (§4), through the grant service and the seeded
calendars in the database: the public vectors pub-081..pub-090 plus eves, holidays and DST."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from customers.models import OfficeCountry
from sla.services import calendar_table_get
from sla.vectors import PUBLIC_VECTORS_PATH
from support_logins.models import SupportLoginGrant
from support_logins.presentation import until_label
from support_logins.selectors import PRESET_72H_FRIDAYS_ONLY, grant_terms
from tests.factories import LicenceFactory, grant_support_login, make_superuser, register_case

pytestmark = pytest.mark.django_db

GRANT_VECTOR_IDS = [f"pub-{number:03d}" for number in range(81, 91)]


def _vectors() -> list[dict]:
    # Read when a test runs, not at collection: a missing file fails every case loudly
    # (FileNotFoundError) instead of parametrizing zero of them.
    vectors = json.loads(PUBLIC_VECTORS_PATH.read_text(encoding="utf-8"))
    return [v for v in vectors if v["id"] in GRANT_VECTOR_IDS]


def _vector(vector_id: str) -> dict:
    [vector] = [v for v in _vectors() if v["id"] == vector_id]
    return vector


def _superuser(office: str):
    return make_superuser(licence=LicenceFactory(customer__office_country=office))


@pytest.mark.parametrize("vector_id", GRANT_VECTOR_IDS)
def test_public_vectors_through_the_grant_service(vector_id):
    vector = _vector(vector_id)
    granted_at = dt.datetime.fromisoformat(vector["granted_at"])
    superuser = _superuser(vector["calendar"])
    case = register_case(reporter=superuser, now=granted_at)
    if vector["expected"] == "error":
        with pytest.raises(ValidationError) as refused:
            grant_support_login(case=case, preset=vector["preset"], now=granted_at)
        assert refused.value.code == "preset_not_allowed"
        assert not SupportLoginGrant.objects.exists()
        return
    grant = grant_support_login(case=case, preset=vector["preset"], now=granted_at)
    grant.refresh_from_db()
    expected = dt.datetime.fromisoformat(vector["expected"])
    assert grant.expires_at == expected
    # Stored in UTC, shown in office time: the offset too is the rule book's.
    local = grant.expires_at.astimezone(calendar_table_get(vector["calendar"]).time_zone)
    assert local.isoformat() == vector["expected"]


def test_the_public_vectors_are_all_there():
    assert [v["id"] for v in _vectors()] == GRANT_VECTOR_IDS, "public vectors changed?"


# Hand-picked anchors beyond the public vectors; each (office, granted at, preset, expected).
ANCHORS = [
    # SE Maundy Thursday 2026 (2 Apr) is an eve, 08-12; Good Friday to Easter Monday closed:
    # 2 h on Thursday, then 8-12 (4 h) and 13-15 on Tuesday 7 April.
    ("SE", "2026-04-02T10:00:00+02:00", "8wh", "2026-04-07T15:00:00+02:00"),
    # SE 23 Dec 2026 (Wednesday) is an eve before Julafton: 08-12. From 11:00: 1 h, then
    # 24-26 closed, Sun 27 closed, Mon 28 Dec 7 h -> 16:00 sharp (an interval end).
    ("SE", "2026-12-23T11:00:00+01:00", "8wh", "2026-12-28T16:00:00+01:00"),
    # FI Friday 2026-02-13 at 13:30: Finnish Fridays close 14:00; 30 min, then Monday 7.5 h
    # (08-11, 12-16 = 7 h; Tuesday 08:30).
    ("FI", "2026-02-13T13:30:00+02:00", "8wh", "2026-02-17T08:30:00+02:00"),
    # 24 h across the SE spring DST change (29 Mar 2026): 86,400 s later, the clock shows 25 h.
    ("SE", "2026-03-28T12:00:00+01:00", "24h", "2026-03-29T13:00:00+02:00"),
    # 72 h on Midsommarafton (Friday 19 Jun 2026, closed): still a Friday, so allowed.
    ("SE", "2026-06-19T09:00:00+02:00", "72h", "2026-06-22T09:00:00+02:00"),
    # 72 h from a Friday across the SE autumn DST change (25 Oct 2026): one hour less.
    ("SE", "2026-10-23T16:30:00+02:00", "72h", "2026-10-26T15:30:00+01:00"),
    # 8wh granted on a Saturday evening counts from Monday's opening.
    ("SE", "2026-02-14T20:00:00+01:00", "8wh", "2026-02-17T09:00:00+01:00"),
]


@pytest.mark.parametrize(("office", "granted_at", "preset", "expected"), ANCHORS)
def test_anchors(office, granted_at, preset, expected):
    granted = dt.datetime.fromisoformat(granted_at)
    case = register_case(reporter=_superuser(office), now=granted)
    grant = grant_support_login(case=case, preset=preset, now=granted)
    assert grant.expires_at == dt.datetime.fromisoformat(expected)


def test_72_hours_just_before_and_after_friday_midnight_in_helsinki(finnish_superuser):
    case = register_case(reporter=finnish_superuser, now=dt.datetime(2026, 2, 12, 8, tzinfo=dt.UTC))
    thursday_late = dt.datetime.fromisoformat("2026-02-12T23:59:59+02:00")
    friday_early = dt.datetime.fromisoformat("2026-02-13T00:00:00+02:00")
    saturday_early = dt.datetime.fromisoformat("2026-02-14T00:00:00+02:00")
    with pytest.raises(ValidationError):
        grant_terms(case=case, choice="72h", now=thursday_late)
    assert grant_terms(case=case, choice="72h", now=friday_early).expires_at == (
        friday_early + dt.timedelta(hours=72))
    with pytest.raises(ValidationError):
        grant_terms(case=case, choice="72h", now=saturday_early)


def test_refusal_names_the_weekday_in_the_readers_language():
    monday = dt.datetime.fromisoformat("2026-02-16T10:00:00+01:00")
    case = register_case(reporter=_superuser(OfficeCountry.SWEDEN), now=monday)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            grant_terms(case=case, choice="72h", now=monday)
        assert refused.value.message == PRESET_72H_FRIDAYS_ONLY
        assert "Today is Monday" in refused.value.messages[0]


@pytest.mark.parametrize(("office", "granted_at", "preset", "label"), [
    ("SE", "2026-02-13T10:00:00+01:00", "72h", "until Mon 10:00"),   # pub-083
    ("FI", "2026-10-23T12:00:00+03:00", "72h", "until Mon 11:00"),   # pub-085, DST
    ("SE", "2026-02-12T23:30:00+00:00", "72h", "until Mon 00:30"),   # pub-088, UTC input
])
def test_the_label_is_office_local_with_the_weekday(office, granted_at, preset, label):
    granted = dt.datetime.fromisoformat(granted_at)
    case = register_case(reporter=_superuser(office), now=granted)
    terms = grant_terms(case=case, choice=preset, now=granted)
    with translation.override("en"):
        assert until_label(calendar_table_get(office), terms.expires_at) == label


def test_the_weekday_follows_the_readers_language():
    granted = dt.datetime.fromisoformat("2026-02-13T10:00:00+01:00")
    expires = grant_terms(case=register_case(reporter=_superuser("SE"), now=granted),
                          choice="72h", now=granted).expires_at
    table = calendar_table_get("SE")
    with translation.override("sv"):
        swedish = until_label(table, expires)
    with translation.override("fi"):
        finnish = until_label(table, expires)
    # Finnish writes the clock "klo 10.00" (portal.formatting).
    assert swedish == "till mån 10:00" and finnish == "ma klo 10.00 asti"
