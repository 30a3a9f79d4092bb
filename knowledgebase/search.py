"""Searching the FAQ.

On PostgreSQL: full-text search against the stored, GIN-indexed ``search_vector`` in the
article language's configuration, which stems and folds diacritics (so "fakturor" finds
"faktura", "laskut" finds "lasku", "losenord" finds "lösenord"), question matches first,
highlighted snippets from ``ts_headline``. When full-text search finds nothing, a trigram
match on the question forgives typos. User input is only ever parsed by
``websearch_to_tsquery``/``plainto_tsquery``, which accept any text.

On SQLite (``make run``) the same, built from the same parts: an FTS5 table of the text as
the PostgreSQL configurations analyse it (``knowledgebase.stemming``: stop words, diacritics
folded, Snowball stems), queried with the same websearch syntax, ranked with bm25, question
matches first; snippets are marked in Python, and the typo fallback computes pg_trgm's word
similarity in Python. The same queries find the same articles on both.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from . import sqlite_fts, stemming
from .markdown import HIGHLIGHT_START, HIGHLIGHT_STOP, highlight_to_html, plain_highlight
from .models import SEARCH_CONFIGS, Article
from .selectors import article_queryset_for_user

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from customers.models import Module

MAX_QUERY_LENGTH = 200
SNIPPET_WORDS = 30
SNIPPET_FRAGMENTS = 2
SNIPPET_DELIMITER = " … "
# pg_trgm.word_similarity_threshold's default, which the `%>` operator uses on PostgreSQL.
WORD_SIMILARITY_THRESHOLD = 0.6
# The typo fallback shows a short "did you mean" list, not pages of near misses.
TRIGRAM_RESULTS = 20


class Method(enum.StrEnum):
    BROWSE = "browse"          # no query: the module's articles, most viewed first
    FULL_TEXT = "full_text"    # full-text search (PostgreSQL, or SQLite's FTS5)
    TRIGRAM = "trigram"        # nothing found: similar questions (typos)


class Match(enum.StrEnum):
    ALL = "all"  # every word (websearch syntax: "phrase", or, -word)
    ANY = "any"  # any word; more matching words rank higher


class AnyWordsSearchQuery(SearchQuery):
    """``plainto_tsquery`` with its ANDs turned into ORs.

    The text form of a tsquery quotes every lexeme, so rewriting ``' & '`` and casting back
    cannot be broken by what the user typed.
    """

    template = "replace(%(function)s(%(expressions)s)::text, ' & ', ' | ')::tsquery"

    def __init__(self, value: str, *, config: str) -> None:
        super().__init__(value, config=config, search_type="plain")


class QuestionMatches(Func):
    """True when the question alone (the A-weighted lexemes of the vector) matches."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context: Any) -> tuple[str, list]:
        vector, query = self.get_source_expressions()
        vector_sql, vector_params = compiler.compile(vector)
        query_sql, query_params = compiler.compile(query)
        return (f"(ts_filter({vector_sql}, '{{a}}'::\"char\"[]) @@ {query_sql})",
                [*vector_params, *query_params])


def search_config_expression() -> Case:
    """The article's own text-search configuration, chosen per row in SQL."""
    return Case(
        *[When(language=code, then=Value(config)) for code, config in SEARCH_CONFIGS.items()],
        default=Value("simple"),
    )


def _language_query(text: str, *, config: str, match: Match) -> SearchQuery:
    if match == Match.ANY:
        return AnyWordsSearchQuery(text, config=config)
    return SearchQuery(text, config=config, search_type="websearch")


def _full_text_match(text: str, *, language: str | None, match: Match) -> tuple[Q, Any]:
    """(filter, the query for ranking and headlines).

    Each article is matched against the text parsed in its own language's configuration.
    For all languages that is an OR of one branch per language, which the planner answers
    with the per-language partial GIN indexes; the ranking query is chosen per row.
    """
    codes = [language] if language else list(SEARCH_CONFIGS)
    queries = {code: _language_query(text, config=SEARCH_CONFIGS[code], match=match)
               for code in codes}
    condition = reduce(operator.or_, (Q(language=code, search_vector=query)
                                      for code, query in queries.items()))
    if language:
        return condition, queries[language]
    row_query = Case(*[When(language=code, then=query) for code, query in queries.items()],
                     output_field=SearchQueryField())
    return condition, row_query


@dataclass(frozen=True)
class SearchResult:
    article: Article
    title: SafeString    # the question, matching words in <mark>
    snippet: SafeString  # a piece of the answer, matching words in <mark>


@dataclass
class ArticleSearch:
    """A search, ready to page through.

    ``results`` is ordered best first (a queryset, or for the typo fallback a short list);
    ``count`` is their number when the search already had to count them, so paging need not
    count again. ``highlight`` turns one page into results with highlighted snippets.
    """

    text: str
    method: Method
    results: QuerySet[Article] | list[Article]
    count: int | None = None
    match: Match = Match.ALL

    def highlight(self, articles: Iterable[Article]) -> list[SearchResult]:
        results = []
        for article in articles:
            title_marked = getattr(article, "title_marked", None)
            if title_marked is not None:
                # ts_headline output, computed by PostgreSQL for the fetched rows only.
                results.append(SearchResult(article=article,
                                            title=highlight_to_html(title_marked),
                                            snippet=highlight_to_html(article.snippet_marked)))
            elif self.method == Method.FULL_TEXT:
                results.append(_python_headline(article, self.text, match=self.match))
            else:
                results.append(SearchResult(
                    article=article, title=plain_highlight(article.question, [], max_chars=300),
                    snippet=plain_highlight(article.answer, [])))
        return results


def _parsed(text: str, *, language: str, match: Match) -> stemming.Query:
    if match == Match.ANY:
        return stemming.parse_any_words(text, language)
    return stemming.parse_websearch(text, language)


def _python_headline(article: Article, text: str, *, match: Match) -> SearchResult:
    """What ts_headline gives on PostgreSQL: the whole question and up to two pieces of the
    answer, every word that matches marked."""
    wanted = _parsed(text, language=article.language, match=match).positive_lexemes()

    def marked(piece: str) -> str:
        return stemming.mark_matches(piece, article.language, wanted, HIGHLIGHT_START,
                                     HIGHLIGHT_STOP)

    snippet = stemming.fragments(article.answer, article.language, wanted,
                                 max_words=SNIPPET_WORDS, max_fragments=SNIPPET_FRAGMENTS,
                                 delimiter=SNIPPET_DELIMITER)
    return SearchResult(article=article, title=highlight_to_html(marked(article.question)),
                        snippet=highlight_to_html(marked(snippet)))


def _readable(
    *, user: AbstractBaseUser | AnonymousUser, language: str | None, module: Module | None
) -> QuerySet[Article]:
    readable = article_queryset_for_user(user=user).select_related("module")
    if language:
        readable = readable.filter(language=language)
    if module is not None:
        readable = readable.filter(module=module)
    return readable


def _normalised(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _is_postgres() -> bool:
    return connections[Article.objects.db].vendor == "postgresql"


def _full_text(
    readable: QuerySet[Article], text: str, *, language: str | None, match: Match,
    headlines: bool,
) -> QuerySet[Article]:
    """Matching articles, question matches first, then by rank, then the newest."""
    if not _is_postgres():
        return _sqlite_full_text(readable, text, language=language, match=match)
    condition, tsquery = _full_text_match(text, language=language, match=match)
    found = (
        readable.filter(condition)
        .annotate(question_hit=QuestionMatches(F("search_vector"), tsquery),
                  rank=SearchRank(F("search_vector"), tsquery))
        .order_by(F("question_hit").desc(), F("rank").desc(), "-updated_at", "pk")
    )
    if not headlines:
        return found
    # ts_headline is expensive; PostgreSQL evaluates it after ORDER BY/LIMIT, so only for
    # the rows of the page.
    config = SEARCH_CONFIGS[language] if language else search_config_expression()
    marks = {"start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_STOP}
    return found.annotate(
        title_marked=SearchHeadline("question", tsquery, config=config, highlight_all=True,
                                    **marks),
        snippet_marked=SearchHeadline(
            "answer", tsquery, config=config, max_words=SNIPPET_WORDS, min_words=12,
            max_fragments=SNIPPET_FRAGMENTS, fragment_delimiter=SNIPPET_DELIMITER, **marks),
    )


def _fts_subquery(select: str, expression: str) -> RawSQL:
    """FTS5 rows matching ``expression`` (always a parameter, never part of the SQL)."""
    return RawSQL(f"SELECT {select} FROM {sqlite_fts.TABLE} "
                  f"WHERE {sqlite_fts.TABLE} MATCH %s", [expression])


def _fts_rank(expression: str) -> RawSQL:
    """The article row's bm25 score for ``expression`` (higher is better), NULL without a
    match. MATERIALIZED: one full-text query for the whole result; correlated, FTS5 would
    read every matching doclist again for each row (seconds for a common word)."""
    table = sqlite_fts.TABLE
    return RawSQL(
        f"(WITH matched AS MATERIALIZED (SELECT rowid AS id, "
        f"-bm25({table}, {sqlite_fts.BM25_WEIGHTS}) AS score FROM {table} "
        f"WHERE {table} MATCH %s) SELECT score FROM matched "
        f"WHERE matched.id = {Article._meta.db_table}.id)",
        [expression], output_field=FloatField())


def _sqlite_condition(query: stemming.Query) -> Q | None:
    condition = None
    for group in query.groups:
        required, excluded = stemming.fts5_group(group)
        part = Q(pk__in=_fts_subquery("rowid", required)) if required else Q()
        if excluded:
            part &= ~Q(pk__in=_fts_subquery("rowid", excluded))
        condition = part if condition is None else condition | part
    return condition


def _sqlite_full_text(
    readable: QuerySet[Article], text: str, *, language: str | None, match: Match
) -> QuerySet[Article]:
    """The PostgreSQL search on SQLite's FTS5 table: per language, the text analysed and
    parsed as that language's configuration would; the same order."""
    conditions: list[Q] = []
    ranks: list[When] = []
    question_hits: list[When] = []
    for code in [language] if language else list(SEARCH_CONFIGS):
        query = _parsed(text, language=code, match=match)
        condition = _sqlite_condition(query)
        if condition is None:
            continue  # only stop words in this language: matches nothing, like PostgreSQL
        conditions.append(Q(language=code) & condition)
        rank_expression = stemming.fts5_rank_expression(query)
        if rank_expression:
            ranks.append(When(language=code, then=_fts_rank(rank_expression)))
        question_expression = stemming.fts5_question_expression(query)
        if question_expression:
            question_hits.append(When(
                Q(language=code, pk__in=_fts_subquery("rowid", question_expression)),
                then=Value(True)))
    if not conditions:
        return readable.none()
    return (
        readable.filter(reduce(operator.or_, conditions))
        .annotate(question_hit=Case(*question_hits, default=Value(False),
                                    output_field=BooleanField()),
                  rank=Case(*ranks, default=Value(0.0), output_field=FloatField()))
        .order_by(F("question_hit").desc(), F("rank").desc(nulls_last=True), "-updated_at",
                  "pk")
    )


def _similar_questions(readable: QuerySet[Article], text: str, *, limit: int) -> list[Article]:
    """The typo fallback. `%>` (word similarity above pg_trgm.word_similarity_threshold)
    can use the trigram GIN index on the question."""
    if not _is_postgres():
        return _python_similar_questions(readable, text, limit=limit)
    return list(
        readable.filter(question__trigram_word_similar=text)
        .annotate(similarity=TrigramWordSimilarity(text, "question"))
        .order_by("-similarity", "-view_count", "pk")[:limit]
    )


def _python_similar_questions(
    readable: QuerySet[Article], text: str, *, limit: int
) -> list[Article]:
    """pg_trgm's `%>` and ordering, computed in Python: SQLite has no trigram index, and the
    embedded database holds demo-sized data."""
    wanted = set(stemming.trigrams(text))
    scored = []
    for pk, question, view_count in readable.values_list("pk", "question", "view_count"):
        if stemming.similarity_bound(wanted, question) < WORD_SIMILARITY_THRESHOLD:
            continue
        similarity = stemming.word_similarity(text, question)
        if similarity >= WORD_SIMILARITY_THRESHOLD:
            scored.append((-similarity, -view_count, pk))
    chosen = [pk for *_order, pk in sorted(scored)[:limit]]
    articles = readable.in_bulk(chosen)
    return [articles[pk] for pk in chosen]


def article_search(
    *, user: AbstractBaseUser | AnonymousUser, text: str, language: str | None,
    module: Module | None = None, match: Match = Match.ALL,
) -> ArticleSearch:
    """Articles the person may read that match ``text``, best first, for the search page.

    ``language`` None searches every language (each article in its own configuration);
    ``module`` narrows to one module. Empty ``text`` lists the module's articles by
    popularity (nothing without a module).
    """
    text = _normalised(text)
    readable = _readable(user=user, language=language, module=module)
    if not text:
        # Browsing needs a module: "everything, most viewed first" means sorting every
        # article of the language, and nobody reads past the first page of that anyway.
        browse = readable.order_by("-view_count", "question", "pk") if module else []
        return ArticleSearch(text=text, method=Method.BROWSE, results=browse,
                             count=None if module else 0)
    found = _full_text(readable, text, language=language, match=match, headlines=True)
    # Counting first, not exists(): with LIMIT 1 and a word no article has, the planner may
    # bet on a sequential scan that then reads every row. The page needs the count anyway.
    count = found.count()
    if count:
        return ArticleSearch(text=text, method=Method.FULL_TEXT, results=found, count=count,
                             match=match)
    similar = _similar_questions(readable, text, limit=TRIGRAM_RESULTS)
    return ArticleSearch(text=text, method=Method.TRIGRAM, results=similar, count=len(similar))


def article_suggestions(
    *, user: AbstractBaseUser | AnonymousUser, text: str, language: str | None, limit: int,
) -> list[Article]:
    """At most ``limit`` articles for a half-typed case subject, best first.

    Relaxes step by step and stops at the first step with hits: articles with all the
    words, then with any of them, then similar questions (typos). All words is the cheap,
    precise step; any word helps with long subjects full of words no article has.
    """
    text = _normalised(text)
    readable = _readable(user=user, language=language, module=None)
    if not text:
        return []
    for match in (Match.ALL, Match.ANY):
        hits = list(_full_text(readable, text, language=language, match=match,
                               headlines=False)[:limit])
        if hits:
            return hits
    return _similar_questions(readable, text, limit=limit)

