from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse

from audit.models import AuditEntry
from sla import services
from sla.calendar import close_of_day, day_intervals, is_eve
from sla.holiday_source import DEFAULT_LAST_YEAR
from sla.models import ClosedDay, ClosedDaySource, DayOverride, SupportCalendar
from sla.rules import start_deadline
from sla.services import (
    calendar_settings_update,
    calendar_table_get,
    calendar_tables_get,
    calendar_window_extend,
    closed_day_add,
    closed_day_remove,
    day_override_remove,
    day_override_set,
    weekly_hours_set,
)
from sla.signals import calendar_changed
from sla.tasks import calendar_window_extend as calendar_window_extend_task

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TUESDAY_3PM = datetime(2026, 2, 10, 15, tzinfo=STOCKHOLM)
WEDNESDAY = date(2026, 2, 11)
# With Wednesday closed, Tuesday becomes an eve that closed at 12:00: the 2 h start on
# Thursday morning.
THURSDAY_10AM = datetime(2026, 2, 12, 10, tzinfo=STOCKHOLM)


def se() -> SupportCalendar:
    return SupportCalendar.objects.get(office="SE")


def level_1_deadline() -> datetime:
    return start_deadline(calendar_table_get("SE"), TUESDAY_3PM, 1)


class TestCachedTables:
    def test_seeded_calendars_match_the_rule_book(self):
        tables = calendar_tables_get()
        assert list(tables) == ["SE", "FI"]
        assert tables["SE"].last_year == DEFAULT_LAST_YEAR
        assert level_1_deadline() == datetime(2026, 2, 11, 9, tzinfo=STOCKHOLM)
        assert ClosedDay.objects.filter(calendar__office="SE", date=date(2041, 12, 24)).exists()

    def test_a_current_table_costs_one_query(self, django_assert_num_queries):
        first = calendar_table_get("SE")
        with django_assert_num_queries(1):
            assert calendar_table_get("SE") is first
        with django_assert_num_queries(1):
            assert calendar_tables_get()["SE"] is first

    def test_the_cache_follows_the_version_not_the_rows(self):
        """What another process sees: it never runs our code, only reads the version."""
        cached = calendar_table_get("SE")
        assert level_1_deadline() == datetime(2026, 2, 11, 9, tzinfo=STOCKHOLM)

        # Rows written behind the services' back are invisible while the version stands...
        ClosedDay.objects.create(calendar=se(), date=WEDNESDAY, name="Flytt")
        assert calendar_table_get("SE") is cached

        # ...and a version bump alone, as a write in another process leaves it, rebuilds.
        SupportCalendar.objects.filter(office="SE").update(version=F("version") + 1)
        rebuilt = calendar_table_get("SE")
        assert rebuilt is not cached
        assert level_1_deadline() == THURSDAY_10AM
        assert services._tables["SE"][1] is rebuilt

    def test_unknown_office(self):
        with pytest.raises(SupportCalendar.DoesNotExist):
            calendar_table_get("NO")


class TestWrites:
    def test_closed_day_add_moves_the_next_deadline_without_a_restart(self):
        assert level_1_deadline() == datetime(2026, 2, 11, 9, tzinfo=STOCKHOLM)
        version = se().version
        closed_day = closed_day_add(calendar=se(), day=WEDNESDAY, name="Kontorsflytt")
        assert closed_day.source == ClosedDaySource.STAFF
        assert se().version == version + 1
        assert level_1_deadline() == THURSDAY_10AM
        # The day before a staff closure is an eve like any other.
        assert is_eve(calendar_table_get("SE"), date(2026, 2, 10))

    def test_closed_day_add_renames_an_existing_closure(self):
        closed_day = closed_day_add(calendar=se(), day=date(2026, 12, 24), name="Julafton!")
        assert closed_day.name == "Julafton!"
        assert closed_day.source == ClosedDaySource.GENERATED

    def test_closed_day_remove_opens_a_generated_holiday(self):
        epiphany = date(2026, 1, 6)
        assert closed_day_remove(calendar=se(), day=epiphany) is True
        assert [a.time() for a, _ in day_intervals(calendar_table_get("SE"), epiphany)] == [
            time(8),
            time(13),
        ]
        version = se().version
        assert closed_day_remove(calendar=se(), day=epiphany) is False
        assert se().version == version  # nothing changed, nothing to rebuild

    def test_day_override_wins_and_can_be_removed(self):
        override = day_override_set(
            calendar=se(),
            day=date(2026, 12, 24),
            intervals=[(time(10), time(12)), (time(8), time(9))],
            note="Jourhavande",
        )
        assert list(override.intervals.values_list("opens_at", flat=True)) == [time(8), time(10)]
        table = calendar_table_get("SE")
        assert [(a.time(), b.time()) for a, b in day_intervals(table, date(2026, 12, 24))] == [
            (time(8), time(9)),
            (time(10), time(12)),
        ]
        assert not is_eve(table, date(2026, 12, 23))  # the 24th is open now
        assert day_override_remove(calendar=se(), day=date(2026, 12, 24)) is True
        assert day_intervals(calendar_table_get("SE"), date(2026, 12, 24)) == ()

    def test_a_closing_override_is_an_override_without_intervals(self):
        day_override_set(calendar=se(), day=WEDNESDAY, intervals=[])
        assert DayOverride.objects.get(date=WEDNESDAY).intervals.count() == 0
        assert level_1_deadline() == THURSDAY_10AM

    def test_overlapping_hours_are_refused(self):
        with pytest.raises(ValidationError) as error:
            day_override_set(
                calendar=se(), day=WEDNESDAY, intervals=[(time(8), time(12)), (time(11), time(13))]
            )
        assert "08:00–12:00, 11:00–13:00" in str(error.value)
        assert not DayOverride.objects.exists()

    def test_weekly_hours_set(self):
        weekly_hours_set(calendar=se(), hours={2: [(time(9), time(15))]})
        table = calendar_table_get("SE")
        assert [(a.time(), b.time()) for a, b in day_intervals(table, WEDNESDAY)] == [
            (time(9), time(15))
        ]
        assert len(day_intervals(table, date(2026, 2, 10))) == 2  # Tuesday untouched

    def test_settings_update(self):
        calendar_settings_update(
            calendar=se(), name="Support", time_zone="Europe/Stockholm", eve_closes_at=None
        )
        assert not is_eve(calendar_table_get("SE"), date(2026, 12, 23))
        with pytest.raises(ValidationError):
            calendar_settings_update(
                calendar=se(), name="Support", time_zone="Mars/Olympus", eve_closes_at=None
            )

    def test_writes_are_audited_and_announced_after_commit(
        self, django_capture_on_commit_callbacks
    ):
        received = []

        def receiver(sender, **kwargs):
            received.append(kwargs)

        calendar_changed.connect(receiver)
        try:
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                closed_day_add(calendar=se(), day=WEDNESDAY, name="Flytt")
            assert received == []  # nothing before commit
            for callback in callbacks:
                callback()
        finally:
            calendar_changed.disconnect(receiver)
        assert received == [
            {
                "signal": calendar_changed,
                "office": "SE",
                "version": se().version,
                "reason": "closed_day.add",
            }
        ]
        entry = AuditEntry.objects.get(action="sla_calendar.closed_day.add")
        assert entry.details["date"] == "2026-02-11"


class TestWindow:
    def test_extend_generates_new_years_once_and_keeps_staff_days(self):
        calendar = se()
        closed_day_add(calendar=calendar, day=date(2043, 3, 3), name="Jubileum")
        assert calendar_window_extend(until_year=2043) == ["SE", "FI"]
        assert SupportCalendar.objects.filter(last_year=2043).count() == 2
        assert ClosedDay.objects.get(calendar=calendar, date=date(2043, 3, 3)).name == "Jubileum"
        assert ClosedDay.objects.filter(
            calendar=calendar, date=date(2044, 12, 24), source=ClosedDaySource.GENERATED
        ).exists()
        table = calendar_table_get("SE")
        assert table.last_year == 2043
        assert is_eve(table, date(2043, 12, 23))
        counts = ClosedDay.objects.count()
        assert calendar_window_extend(until_year=2043) == []
        assert calendar_window_extend(until_year=2030) == []
        assert ClosedDay.objects.count() == counts

    def test_task_keeps_ten_years_ahead(self, monkeypatch):
        monkeypatch.setattr(
            "django.utils.timezone.now", lambda: datetime(2033, 6, 1, tzinfo=STOCKHOLM)
        )
        assert calendar_window_extend_task.delay().get() == ["SE", "FI"]
        assert set(SupportCalendar.objects.values_list("last_year", flat=True)) == {2043}


class TestAdmin:
    def test_closed_day_added_in_admin_moves_the_deadline(self, admin_client):
        assert level_1_deadline() == datetime(2026, 2, 11, 9, tzinfo=STOCKHOLM)
        response = admin_client.post(
            reverse("admin:sla_closedday_add"),
            {"calendar": se().pk, "date": "2026-02-11", "name": "Kontorsflytt"},
        )
        assert response.status_code == 302, response.content
        assert level_1_deadline() == THURSDAY_10AM
        assert AuditEntry.objects.filter(action="sla_calendar.closed_day.add").exists()

    def test_closed_day_deleted_in_admin_goes_through_the_service(self, admin_client):
        closed_day = ClosedDay.objects.get(calendar=se(), date=date(2026, 1, 6))
        version = se().version
        response = admin_client.post(
            reverse("admin:sla_closedday_delete", args=[closed_day.pk]), {"post": "yes"}
        )
        assert response.status_code == 302
        assert se().version == version + 1

    def test_day_override_saved_in_admin(self, admin_client):
        response = admin_client.post(
            reverse("admin:sla_dayoverride_add"),
            {
                "calendar": se().pk,
                "date": "2026-12-24",
                "note": "Jour",
                "intervals-TOTAL_FORMS": "2",
                "intervals-INITIAL_FORMS": "0",
                "intervals-0-opens_at": "09:00",
                "intervals-0-closes_at": "11:00",
                "intervals-1-opens_at": "",
                "intervals-1-closes_at": "",
            },
        )
        assert response.status_code == 302, response.content
        table = calendar_table_get("SE")
        assert [(a.time(), b.time()) for a, b in day_intervals(table, date(2026, 12, 24))] == [
            (time(9), time(11))
        ]

    def test_admin_pages_render(self, admin_client):
        for name, args in [
            ("admin:sla_supportcalendar_changelist", []),
            ("admin:sla_supportcalendar_change", [se().pk]),
            ("admin:sla_closedday_changelist", []),
            ("admin:sla_dayoverride_changelist", []),
        ]:
            assert admin_client.get(reverse(name, args=args)).status_code == 200
        response = admin_client.get(reverse("admin:sla_closedday_changelist"), {"year": "2026"})
        assert response.status_code == 200


def _change_form_data(response) -> dict[str, object]:
    """The POST an unchanged admin change form would send."""
    data: dict[str, object] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def test_weekly_hours_edited_in_the_calendar_admin(admin_client):
    url = reverse("admin:sla_supportcalendar_change", args=[se().pk])
    data = _change_form_data(admin_client.get(url))
    wednesday_afternoon = next(
        key[: -len("-weekday")]
        for key, value in data.items()
        if key.startswith("weekly_intervals-")
        and key.endswith("-weekday")
        and value == 2
        and data[key.replace("-weekday", "-opens_at")] == time(13)
    )
    data[f"{wednesday_afternoon}-closes_at"] = "15:00"
    version = se().version
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert se().version == version + 1
    assert close_of_day(calendar_table_get("SE"), WEDNESDAY).time() == time(15)

    data[f"{wednesday_afternoon}-opens_at"] = "11:00"  # overlaps 08:00-12:00
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form shows the error, nothing saved
    assert close_of_day(calendar_table_get("SE"), WEDNESDAY).time() == time(15)


@pytest.mark.django_db
def test_one_version_check_per_request_scope(django_assert_num_queries):
    from sla.services import calendar_request_scope, calendar_table_get

    calendar_table_get("SE")  # warm the process cache
    with calendar_request_scope(), django_assert_num_queries(1):
        for _ in range(5):
            calendar_table_get("SE")
    with django_assert_num_queries(2):  # outside a request: every ask checks
        calendar_table_get("SE")
        calendar_table_get("SE")
