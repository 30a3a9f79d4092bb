"""Signals the SLA app sends. Only `sla.services` sends them, never model hooks.

calendar_changed
    Sent once per write service that changed a support calendar, after the transaction
    commits (so receivers read the new rows), with keyword arguments

    - ``office``: "SE" or "FI";
    - ``version``: the calendar's new version;
    - ``reason``: a short dotted word such as "closed_day.add" or "window.extend".

    ``sender`` is `sla.models.SupportCalendar`. The cases app connects a receiver that
    queues the recompute of open cases' deadlines, e.g.::

        @receiver(calendar_changed)
        def _recompute(sender, *, office, version, **kwargs):
            case_deadlines_recompute.delay(office=office)
"""

from django.dispatch import Signal

calendar_changed = Signal()
