from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import INELIGIBILITY_MESSAGES


def _summary(request: HttpRequest) -> dict:
    from portal.reader_facts import reader_eligibility  # portal builds on this app

    verdict = reader_eligibility(request)
    return {
        "may_register_cases": verdict.may_register_cases,
        "reason": verdict.reason.value if verdict.reason else "",
        "explanation": INELIGIBILITY_MESSAGES[verdict.reason] if verdict.reason else "",
    }


def support_eligibility(request: HttpRequest) -> dict:
    # Lazy: pages that never show the "register a case" button do not even read the session
    # for it.
    return {"support_eligibility": SimpleLazyObject(lambda: _summary(request))}
