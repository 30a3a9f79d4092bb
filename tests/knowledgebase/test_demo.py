import io

import pytest
from django.contrib.auth.models import AnonymousUser

from knowledgebase import demo
from knowledgebase.models import Article, Language
from knowledgebase.search import Method, article_search

pytestmark = pytest.mark.django_db


def test_demo_articles_are_many_multilingual_and_loaded_idempotently():
    demo.load(io.StringIO())
    first = set(Article.objects.values_list("pk", "translation_group", "language"))
    demo.load(io.StringIO())
    assert set(Article.objects.values_list("pk", "translation_group", "language")) == first

    assert len(first) >= 60
    assert {language for _pk, _group, language in first} == set(Language.values)
    codes = set(Article.objects.exclude(module=None).values_list("module__code", flat=True))
    assert codes == {"ledger", "invoicing", "payroll", "projects", "orders", "stock", "service",
                     "time"}
    assert Article.objects.filter(module=None).exists()
    # every question exists in all three languages, linked as translations
    groups = Article.objects.values_list("translation_group", flat=True)
    assert all(list(groups).count(group) == 3 for group in set(groups))


def test_demo_text_is_real_swedish_and_finnish():
    demo.load(io.StringIO())
    assert Article.objects.filter(question="Hur krediterar jag en faktura?", language="sv").exists()
    assert Article.objects.filter(question="Miten hyvitän laskun?", language="fi").exists()
    swedish = " ".join(Article.objects.filter(language="sv").values_list("answer", flat=True))
    finnish = " ".join(Article.objects.filter(language="fi").values_list("answer", flat=True))
    assert all(letter in swedish for letter in "åäö")
    assert all(letter in finnish for letter in "äö")
    for word in ("faktura", "fakturor", "fakturan"):
        assert Article.objects.filter(language="sv", question__icontains=word).exists() or \
            f" {word}" in swedish
    for word in ("lasku", "laskut", "laskun"):
        assert f" {word} " in f" {finnish} " or f" {word}." in finnish or \
            Article.objects.filter(language="fi", question__icontains=f"{word}").exists()


def test_demo_articles_are_found_by_inflected_words():
    demo.load(io.StringIO())
    user = AnonymousUser()
    found = article_search(user=user, text="fakturor", language="sv")
    assert found.method == Method.FULL_TEXT
    assert "Hur krediterar jag en faktura?" in [a.question for a in found.results]
    found = article_search(user=user, text="laskut", language="fi")
    assert "Miten hyvitän laskun?" in [a.question for a in found.results]
