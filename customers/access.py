"""The one place where customer-facing reads are scoped to the user's own customer.

Every customer-owned model names its path to the customer in ``CUSTOMER_PATH``
("customer_id", or "case__customer_id" for a reply). Views never filter by customer
themselves: they start from these helpers, so another customer's object is a 404,
exactly like one that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

M = TypeVar("M", bound=Model)


def scope_to_customer(
    queryset: QuerySet[M], *, user: AbstractBaseUser | AnonymousUser
) -> QuerySet[M]:
    """Rows owned by the user's customer; nothing for anyone without one."""
    customer_id = getattr(user, "customer_id", None)
    if not user.is_authenticated or customer_id is None:
        return queryset.none()
    return queryset.filter(**{queryset.model.CUSTOMER_PATH: customer_id})


def get_for_customer_or_404(
    queryset: QuerySet[M], *, user: AbstractBaseUser | AnonymousUser, **lookup: Any
) -> M:
    try:
        return scope_to_customer(queryset, user=user).get(**lookup)
    except queryset.model.DoesNotExist as missing:
        raise Http404("No such object.") from missing
