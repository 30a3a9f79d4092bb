from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import INELIGIBILITY_MESSAGES
from .selectors import superuser_eligibility


def _summary(request: HttpRequest) -> dict:
    verdict = superuser_eligibility(user=request.user)
    return {
        "may_register_cases": verdict.may_register_cases,
        "reason": verdict.reason.value if verdict.reason else "",
        "explanation": INELIGIBILITY_MESSAGES[verdict.reason] if verdict.reason else "",
    }


def support_eligibility(request: HttpRequest) -> dict:
    # Lazy: pages that never show the "register a case" button pay no query for it.
    return {"support_eligibility": SimpleLazyObject(lambda: _summary(request))}
