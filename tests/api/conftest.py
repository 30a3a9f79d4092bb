import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from api.models import Scope
from api.services import token_create
from tests.factories import make_superuser


class ApiClient:
    """A test client that sends a personal access token."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")

    def get(self, path: str, data=None, **kwargs):
        return self.client.get(path, data, **kwargs)

    def post(self, path: str, data=None, **kwargs):
        kwargs.setdefault("content_type", "application/json")
        return self.client.post(path, data, **kwargs)


def issue(user=None, *, scope=Scope.WRITE, expires_at=None):
    user = user or make_superuser(language="en")
    return token_create(user=user, name="ERP", scope=scope, expires_at=expires_at,
                        now=timezone.now())


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the throttles count in the cache
    yield
    cache.clear()


@pytest.fixture
def issued(db):
    return issue()


@pytest.fixture
def api(issued):
    return ApiClient(issued.secret)
