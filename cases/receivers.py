def recompute_deadlines_on_calendar_change(sender, *, office: str, **kwargs) -> None:
    """A closure day added or removed moves the deadlines of the office's open bugs."""
    from .tasks import case_deadlines_recompute

    try:
        case_deadlines_recompute.delay(office)
    except Exception:  # noqa: BLE001 - broker down: recompute inline rather than never
        from .services import case_deadlines_recompute_for_office

        case_deadlines_recompute_for_office(office=office)
