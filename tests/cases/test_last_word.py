"""The last public word on a case (Case.last_public_word_*) follows its messages however
they change: "waiting for your reply" reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.hygiene import case_merge
from cases.models import Case, Message
from cases.services import case_message_add
from portal.dashboard import cases_awaiting_reply
from tests.factories import make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db
T0 = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def specialist():
    return make_specialist(support_team="crafts")


@pytest.fixture
def reporter():
    return make_superuser()


def _word(case: Case) -> tuple:
    case.refresh_from_db()
    return case.last_public_word_at, case.last_public_word_by_staff


def test_each_public_word_moves_the_last_word_and_notes_do_not(reporter, specialist):
    case = register_case(reporter=reporter, now=T0)
    case_message_add(case=case, by=specialist, body="Which version?", now=T0 + dt.timedelta(hours=1))
    assert _word(case) == (T0 + dt.timedelta(hours=1), True)
    assert list(cases_awaiting_reply(user=reporter)) == [case]

    case_message_add(case=case, by=specialist, body="internal", is_internal=True,
                     now=T0 + dt.timedelta(hours=2))
    assert _word(case) == (T0 + dt.timedelta(hours=1), True)

    case_message_add(case=case, by=reporter, body="7.2", now=T0 + dt.timedelta(hours=3))
    assert _word(case) == (T0 + dt.timedelta(hours=3), False)
    assert list(cases_awaiting_reply(user=reporter)) == []


def test_a_full_save_of_a_stale_case_keeps_the_last_word(reporter, specialist):
    case = register_case(reporter=reporter, now=T0)
    stale = Case.objects.get(pk=case.pk)  # read before the answer, as an open admin form is
    case_message_add(case=case, by=specialist, body="Fixed in 7.3", now=T0 + dt.timedelta(hours=1))
    stale.subject = "Invoices do not print (7.2)"
    stale.save()
    assert _word(case) == (T0 + dt.timedelta(hours=1), True)
    assert Case.objects.get(pk=case.pk).subject == "Invoices do not print (7.2)"


def test_deleting_or_hiding_the_last_word_falls_back_to_the_one_before(reporter, specialist):
    case = register_case(reporter=reporter, now=T0)
    case_message_add(case=case, by=reporter, body="Still broken", now=T0 + dt.timedelta(hours=1))
    case_message_add(case=case, by=specialist, body="Try this", now=T0 + dt.timedelta(hours=2))
    message = Message.objects.get(case=case, body="Try this")
    message.is_internal = True
    message.save()
    assert _word(case) == (T0 + dt.timedelta(hours=1), False)
    Message.objects.filter(case=case, is_internal=False).get().delete()
    assert _word(case) == (None, None)


def test_a_merge_moves_the_duplicates_words_to_the_case_kept(reporter, specialist):
    into = register_case(reporter=reporter, now=T0)
    duplicate = register_case(reporter=reporter, now=T0 + dt.timedelta(minutes=5))
    case_message_add(case=duplicate, by=specialist, body="Looking at it",
                     now=T0 + dt.timedelta(hours=4))
    case_merge(duplicate=duplicate, into=into, by=specialist, now=T0 + dt.timedelta(hours=5))
    assert _word(into) == (T0 + dt.timedelta(hours=4), True)
    assert _word(duplicate) == (None, None)
