import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from knowledgebase.models import DeflectionSource, Language
from knowledgebase.selectors import (
    article_get_for_user_or_404,
    article_home_groups,
    article_queryset_for_user,
    article_translations_for_user,
    article_vote_counts,
    deflection_stats,
)
from tests.factories import (
    ArticleFactory,
    ArticleVoteFactory,
    DeflectionEventFactory,
    LicenceFactory,
    ModuleFactory,
    UserFactory,
    make_superuser,
)

pytestmark = pytest.mark.django_db


def test_the_licensed_superuser_reads_public_and_own_module_articles(library, superuser):
    readable = set(article_queryset_for_user(user=superuser))
    assert readable == {library.public, library.own_module}


@pytest.mark.parametrize("who", ["anonymous", "no customer", "other customer"])
def test_everyone_else_reads_public_articles_only(library, who):
    user = {
        "anonymous": lambda: AnonymousUser(),
        "no customer": lambda: UserFactory(),
        "other customer": lambda: make_superuser(licence=LicenceFactory(modules=1)),
    }[who]()
    assert list(article_queryset_for_user(user=user)) == [library.public]


def test_a_hidden_article_is_a_404_like_a_missing_one(library, superuser):
    assert article_get_for_user_or_404(user=superuser, pk=library.own_module.pk)
    for hidden in (library.foreign_module, library.unpublished, library.inactive_licence):
        with pytest.raises(Http404):
            article_get_for_user_or_404(user=superuser, pk=hidden.pk)
    with pytest.raises(Http404):
        article_get_for_user_or_404(user=AnonymousUser(), pk=library.own_module.pk)


def test_translations_are_the_readable_other_languages(library):
    swedish = library.public
    finnish = ArticleFactory(language=Language.FINNISH, translation_group=swedish.translation_group)
    ArticleFactory(language=Language.ENGLISH, translation_group=swedish.translation_group,
                   is_published=False)
    assert list(article_translations_for_user(article=swedish, user=AnonymousUser())) == [finnish]


def test_home_groups_by_module_general_first_most_viewed_first():
    ledger, payroll = ModuleFactory(name="Ekonomi"), ModuleFactory(name="Lön")
    general = ArticleFactory(question="Allmänt")
    popular = ArticleFactory(module=payroll, question="B populär", view_count=50)
    quiet = ArticleFactory(module=payroll, question="A tyst", view_count=1)
    ledger_article = ArticleFactory(module=ledger)
    ArticleFactory(module=ledger, language=Language.FINNISH)  # other language: not counted

    groups = article_home_groups(user=AnonymousUser(), language=Language.SWEDISH, per_module=1)

    assert [g.module for g in groups] == [None, ledger, payroll]
    assert groups[0].articles == [general]
    assert groups[1].articles == [ledger_article] and not groups[1].has_more
    assert groups[2].articles == [popular] and groups[2].has_more
    assert quiet not in groups[2].articles


def test_home_groups_for_all_languages():
    ArticleFactory(language=Language.SWEDISH)
    ArticleFactory(language=Language.FINNISH)
    (group,) = article_home_groups(user=AnonymousUser(), language=None)
    assert len(group.articles) == 2


def test_home_groups_query_count_is_one_per_module(django_assert_max_num_queries):
    for _ in range(4):
        ArticleFactory(module=ModuleFactory())
    with django_assert_max_num_queries(1 + 1 + 4):  # modules, general, one per module
        groups = article_home_groups(user=AnonymousUser(), language=Language.SWEDISH)
    assert len(groups) == 4


def test_vote_counts():
    article = ArticleFactory()
    ArticleVoteFactory.create_batch(3, article=article, is_helpful=True)
    ArticleVoteFactory(article=article, is_helpful=False)
    counts = article_vote_counts(article=article)
    assert (counts.yes, counts.no, counts.total) == (3, 1, 4)


def test_deflection_stats_count_case_form_openings_in_the_period():
    start = timezone.make_aware(dt.datetime(2026, 3, 1))
    end = timezone.make_aware(dt.datetime(2026, 4, 1))
    inside = start + dt.timedelta(days=3)
    DeflectionEventFactory.create_batch(3, opened_at=inside)
    DeflectionEventFactory(opened_at=inside, case_registered=True)
    DeflectionEventFactory(opened_at=inside, source=DeflectionSource.FAQ_SEARCH)
    DeflectionEventFactory(opened_at=end)  # the end is exclusive
    DeflectionEventFactory(opened_at=start - dt.timedelta(seconds=1))

    stats = deflection_stats(start=start, end=end)

    assert (stats.opened, stats.deflected, stats.registered) == (4, 3, 1)
