"""Property-based tests generated from the OpenAPI schema (schemathesis), against the live
API with a SuperUser's read-and-write token: no 5xx, no answer that contradicts the schema,
no status code the schema does not name.

(Driven by hand per operation: schemathesis's pytest plugin does not run under pytest 9.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import register_case

from .conftest import issue

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLES_PER_OPERATION = 30
# What the API promises: never a 5xx, only documented status codes and media types, bodies
# and headers as described. (Not "every schema-valid request succeeds": a module id the
# person is not trained on is schema-valid and rightly refused with a 400.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]


@pytest.fixture
def token(settings):
    # Generated requests come in their hundreds: the rate limit is tested on its own.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"token": "100000/hour",
                                                          "anonymous": "100000/hour"}}
    issued = issue()
    register_case(reporter=issued.token.user)
    return issued.secret


def test_the_api_keeps_to_its_schema(live_server, token):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6, "the schema lost its operations"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def keeps_to_the_schema(case):
            case.call_and_validate(base_url=live_server.url, checks=CHECKS,
                                   headers={"Authorization": f"Bearer {token}"})

        keeps_to_the_schema()
