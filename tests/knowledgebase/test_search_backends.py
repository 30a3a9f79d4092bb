"""The FAQ search finds the same articles on SQLite (FTS5) and on PostgreSQL.

Run this file twice: without DATABASE_URL (SQLite) and with a PostgreSQL DATABASE_URL. Every
expectation below holds on both; the PostgreSQL-only tests at the end check that the Python
analysis used on SQLite is the one PostgreSQL's configurations do.
"""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from knowledgebase import demo
from knowledgebase.models import Article, Language
from knowledgebase.search import Match, Method, article_search, article_suggestions
from knowledgebase.services import article_publish_set, article_update
from knowledgebase.stemming import GAP, indexed_text, parse_websearch, word_similarity
from tests.factories import ArticleFactory, ModuleFactory

pytestmark = pytest.mark.django_db
anonymous = AnonymousUser()

CREDIT = "Hur krediterar jag en faktura?"
NOT_SENT = "Varför skickas inte mina fakturor?"
PASSWORD = "Hur återställer jag mitt lösenord?"
STOCKTAKE = "Hur gör jag en inventering?"
FI_CREDIT = "Miten hyvitän laskun?"
FI_NOT_SENT = "Miksi lasku ei lähde?"
EN_CREDIT = "How do I credit an invoice?"
EN_PAYSLIPS = "Where are my payslips?"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def corpus() -> dict[str, Article]:
    texts = [
        (CREDIT, "Skapa en kreditfaktura från den ursprungliga fakturan.", Language.SWEDISH),
        (NOT_SENT, "Kontrollera e-fakturaadressen i kundregistret.", Language.SWEDISH),
        (PASSWORD, "Välj Glömt lösenord på inloggningssidan.", Language.SWEDISH),
        (STOCKTAKE, "Öppna Lager › Inventering och räkna.", Language.SWEDISH),
        (FI_CREDIT, "Tee hyvityslasku alkuperäisestä laskusta.", Language.FINNISH),
        (FI_NOT_SENT, "Tarkista osoite asiakasrekisteristä.", Language.FINNISH),
        (EN_CREDIT, "Create a credit note from the original invoice.", Language.ENGLISH),
        (EN_PAYSLIPS, "Open Payroll › Payslips and choose the month.", Language.ENGLISH),
    ]
    return {question: ArticleFactory(question=question, answer=answer, language=language)
            for question, answer, language in texts}


def search(text, *, language=Language.SWEDISH, **kwargs):
    return article_search(user=anonymous, text=text, language=language, **kwargs)


def hits(text, **kwargs) -> set[str]:
    """What full-text search finds (not the typo fallback, which finds near misses)."""
    found = search(text, **kwargs)
    if found.method != Method.FULL_TEXT:
        return set()
    return {article.question for article in found.results}


@pytest.mark.parametrize(("text", "language", "expected"), [
    # Snowball stems: plural, definite forms
    ("fakturor", "sv", {CREDIT, NOT_SENT}),
    ("fakturorna", "sv", {CREDIT, NOT_SENT}),
    ("Faktura", "sv", {CREDIT, NOT_SENT}),
    # diacritics folded on both sides
    ("losenord", "sv", {PASSWORD}),
    ("lösenord", "sv", {PASSWORD}),
    ("LOSENORD", "sv", {PASSWORD}),
    ("oppna lager", "sv", {STOCKTAKE}),
    # Finnish inflection: laskun (genitive), laskut (plural), lasku
    ("laskut", "fi", {FI_CREDIT, FI_NOT_SENT}),
    ("laskun", "fi", {FI_CREDIT, FI_NOT_SENT}),
    ("lahde", "fi", {FI_NOT_SENT}),
    # English plurals both ways
    ("invoices", "en", {EN_CREDIT}),
    ("payslip", "en", {EN_PAYSLIPS}),
    # websearch syntax: every word, "phrase", or, -word
    ("kreditera faktura", "sv", {CREDIT}),
    ('"skickas inte mina fakturor"', "sv", {NOT_SENT}),
    ("lösenord or inventering", "sv", {PASSWORD, STOCKTAKE}),
    ("faktura -kreditfaktura", "sv", {NOT_SENT}),
    # each language in its own stemming, all languages at once
    ("laskut", None, {FI_CREDIT, FI_NOT_SENT}),
    ("invoices", None, {EN_CREDIT}),
    # the wrong language finds nothing
    ("invoices", "sv", set()),
])
def test_the_same_queries_find_the_same_articles(corpus, text, language, expected):
    found = search(text, language=language)
    if expected:
        assert found.method == Method.FULL_TEXT
        assert {article.question for article in found.results} == expected
        assert found.count == len(expected)
    else:
        assert found.method != Method.FULL_TEXT


def test_question_matches_come_before_answer_matches(corpus):
    in_answer = ArticleFactory(question="Om kundreskontran",
                               answer="Allt om fakturor, fakturor och fakturor.")
    found = search("fakturor")
    assert list(found.results)[-1] == in_answer
    assert len(list(found.results)) == 3


def test_a_misspelling_without_a_stem_falls_back_to_similar_questions(corpus):
    # "fakturna" is no inflection Snowball knows ("fakturn"): like on PostgreSQL, the
    # word-similarity fallback finds the invoice questions, most similar first.
    found = search("fakturna")
    assert found.method == Method.TRIGRAM
    assert [article.question for article in found.results] == [NOT_SENT, CREDIT]
    (first, _second) = found.highlight(found.results)
    assert first.title == NOT_SENT  # nothing matched word for word: nothing marked


def test_a_phrase_needs_its_words_in_order(corpus):
    assert hits('"skickas inte mina fakturor"') == {NOT_SENT}
    found = search('"fakturor skickas"')
    assert found.method == Method.TRIGRAM  # no phrase match; the fallback's near misses
    assert [article.question for article in found.results] == [NOT_SENT]


def test_matching_words_are_highlighted_in_the_question_and_the_answer(corpus):
    found = search("losenord")
    (result,) = found.highlight(found.results)
    assert result.title == "Hur återställer jag mitt <mark>lösenord</mark>?"
    assert "Glömt <mark>lösenord</mark> på" in result.snippet


def test_long_answers_are_cut_to_pieces_around_the_matches():
    filler = " ".join(f"ord{n}" for n in range(80))
    ArticleFactory(question="Om påminnelser", answer=f"Början. {filler} Skicka en påminnelse. "
                                                     f"{filler} Slutet.")
    found = search("påminnelse")
    (result,) = found.highlight(found.results)
    assert "<mark>påminnelse</mark>" in result.snippet
    assert "Början" not in result.snippet and "Slutet" not in result.snippet
    assert len(re.findall(r"\w+", result.snippet)) <= 40


@pytest.mark.parametrize("text", [
    '"faktura', "faktura*", "*", "NEAR(faktura kreditera)", "faktura NEAR/2 kredit",
    "(faktura) -", "-", '-"', '* " ( ) - ^ : { } + ,', "faktura AND OR NOT",
    '"faktura" OR', "{question}: faktura", "question:faktura", "faktura^", "'", "\\",
    "a" * 500, "hur jag en",
])
def test_fts5_syntax_in_the_query_is_just_text(corpus, text):
    for match in Match:
        found = search(text, match=match)  # must not raise: the user typed it
        shown = list(found.results[:10])
        found.highlight(shown)
        assert {article.question for article in shown} <= set(corpus)
    assert article_suggestions(user=anonymous, text=text, language="sv", limit=5) is not None


@pytest.mark.parametrize(("text", "expected"), [
    ("faktura*", {CREDIT, NOT_SENT}),        # the star is no prefix search
    ("(faktura)", {CREDIT, NOT_SENT}),
    ('"faktura', {CREDIT, NOT_SENT}),        # an unclosed quote is a phrase to the end
    ("{question}: faktura", set()),        # "question" is one more word, no column filter
])
def test_syntax_characters_are_separators(corpus, text, expected):
    assert hits(text) == expected


def test_only_stop_words_find_nothing_by_full_text(corpus):
    assert search("hur jag en").method != Method.FULL_TEXT


def test_an_empty_query_browses_the_module_and_finds_nothing_without_one(corpus):
    module = ModuleFactory()
    in_module = ArticleFactory(question="Modulens fråga", module=module)
    for text in ("", "   "):
        assert search(text).method == Method.BROWSE
        assert list(search(text).results) == []
        assert list(search(text, module=module).results) == [in_module]
    assert article_suggestions(user=anonymous, text=" ", language="sv", limit=5) == []


def test_suggestions_relax_to_any_word(corpus):
    found = article_suggestions(user=anonymous, text="kunden vill kreditera fakturan",
                                language="sv", limit=5)
    assert found[0].question == CREDIT


def test_an_edited_article_is_found_by_its_new_words_only(corpus):
    article = corpus[PASSWORD]
    article_update(article=article, data={"question": "Hur byter jag användarnamn?",
                                          "answer": "Kontakta administratören."})
    assert hits("losenord") == set()
    assert hits("anvandarnamn") == {"Hur byter jag användarnamn?"}
    article_update(article=article, data={"language": Language.ENGLISH,
                                          "question": "How do I change my username?"})
    assert hits("usernames", language="en") == {"How do I change my username?"}
    assert hits("anvandarnamn") == set()


def test_deleted_and_unpublished_articles_disappear(corpus):
    corpus[PASSWORD].delete()
    assert hits("losenord") == set()
    Article.objects.filter(question=STOCKTAKE).delete()  # no signals: the database cleans up
    assert hits("inventering") == set()
    article_publish_set(article_ids=[corpus[CREDIT].pk], is_published=False)
    assert hits("fakturor") == {NOT_SENT}
    # a new article never inherits what a deleted one left behind
    assert hits("lösenord or inventering") == set()


def test_reindex_command_indexes_text_written_past_the_services(corpus):
    Article.objects.create(question="Importerad fråga om semesterlön", answer="Importerat svar.",
                           language=Language.SWEDISH, is_published=True)
    assert hits("semesterlon") == set()
    out = io.StringIO()
    call_command("kb_reindex", stdout=out)
    assert "9 articles indexed" in out.getvalue()
    assert hits("semesterlon") == {"Importerad fråga om semesterlön"}
    assert hits("fakturor") == {CREDIT, NOT_SENT}


def test_demo_faq_is_searchable_with_inflections_and_without_diacritics():
    demo.load(io.StringIO())
    assert "Hur krediterar jag en faktura?" in hits("fakturorna")
    assert "Hur återställer jag mitt lösenord?" in hits("losenord")
    assert "Miten hyvitän laskun?" in hits("laskut", language="fi")


# --- the Python analysis is PostgreSQL's -------------------------------------------------

def _pg_lexemes(sql: str, params: list) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        text = cursor.fetchone()[0]
    return set(re.findall(r"'((?:[^']|'')*)'", text))


@pytest.mark.usefixtures("postgres_only")
def test_python_analysis_gives_the_lexemes_of_the_stored_search_vectors():
    demo.load(io.StringIO())
    for article in Article.objects.all():
        stored = _pg_lexemes("SELECT search_vector::text FROM knowledgebase_article "
                             "WHERE id = %s", [article.pk])
        # PostgreSQL adds "e-faktur" next to "e" and "faktur"; SQLite's phrases cover that.
        stored = {lexeme for lexeme in stored if "-" not in lexeme}
        analysed = set(indexed_text(f"{article.question} {article.answer}",
                                    article.language).split()) - {GAP}
        assert analysed == stored, article.question


@pytest.mark.usefixtures("postgres_only")
@pytest.mark.parametrize(("text", "language"), [
    ("fakturorna losenord", "sv"), ('"skicka en påminnelse" -peppol', "sv"),
    ("hyvitän laskun or lähde", "fi"), ("payslips year-end", "en"), ("hur för på", "sv"),
])
def test_python_query_parsing_gives_websearch_to_tsquery_lexemes(text, language):
    config = {"sv": "kb_swedish", "fi": "kb_finnish", "en": "kb_english"}[language]
    expected = _pg_lexemes("SELECT websearch_to_tsquery(%s, %s)::text", [config, text])
    parsed = parse_websearch(text, language)
    found = {item for group in parsed.groups for literal in group
             for item in literal.lexemes if item is not None}
    assert found == {lexeme for lexeme in expected if "-" not in lexeme}


@pytest.mark.usefixtures("postgres_only")
@pytest.mark.parametrize(("query", "text"), [
    ("fakturna", CREDIT), ("fakturna", NOT_SENT), ("word", "two words"),
    ("inventring", STOCKTAKE), ("stoktake", "How do I run a stocktake?"),
    ("hur jag en", CREDIT), ("lösenord", PASSWORD), ("xyz", CREDIT),
])
def test_python_word_similarity_is_pg_trgm(query, text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT word_similarity(%s, %s)", [query, text])
        expected = cursor.fetchone()[0]
    assert word_similarity(query, text) == pytest.approx(expected, abs=1e-6)
