import datetime as dt

from trainings.rules import CalendarEvent, calendar_file

START = dt.datetime(2026, 2, 19, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_calendar_file_is_rfc5545_with_utc_times():
    text = calendar_file(CalendarEvent(
        uid="training-booking-7@kundcenter.example", stamp=START,
        starts_at=START, ends_at=START + dt.timedelta(hours=3),
        summary="Training: Fakturering, del 1; grund", location="Storgatan 1, Umeå",
        url="https://meet.example.com/x", description="Ta med dator\noch laddare " * 5))
    lines = text.split("\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    assert "UID:training-booking-7@kundcenter.example" in lines
    assert "DTSTART:20260219T080000Z" in lines and "DTEND:20260219T110000Z" in lines
    assert "SUMMARY:Training: Fakturering\\, del 1\\; grund" in lines
    assert "LOCATION:Storgatan 1\\, Umeå" in lines
    assert "URL:https://meet.example.com/x" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:Ta med dator\\noch laddare " in unfolded
    assert lines[-2] == "END:VCALENDAR"
