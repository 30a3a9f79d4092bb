"""Portal pages of the FAQ. Public articles need no login; everything else is a 404 for
anyone who may not read it (knowledgebase.selectors.article_queryset_for_user)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kundcenter.ratelimits import FAQ_SUGGEST, rate_limited

from .forms import ALL_LANGUAGES, SearchForm, VoteForm, suggestion_text
from .models import Article, DeflectionSource
from .search import article_search, article_suggestions
from .selectors import (
    article_get_for_user_or_404,
    article_home_groups,
    article_translations_for_user,
    article_vote_counts,
    article_vote_get,
)
from .services import article_view_record, article_vote, deflection_open_record

RESULTS_PER_PAGE = 20
SUGGESTION_COUNT = 5
SUGGEST_MIN_LENGTH = 3
# The suggest view reads the text from the parameter the including form names; only plain
# field names are accepted.
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,49}$")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Questions grouped by module, in the person's language (``?language=all``: every)."""
    form = SearchForm(request.GET)
    _text, _module, language = form.search_values(active_language=get_language())
    groups = article_home_groups(user=request.user, language=language)
    return render(request, "knowledgebase/home.html",
                  {"groups": groups, "form": form, "all_languages": language is None})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    text, module, language = form.search_values(active_language=get_language())
    found = article_search(user=request.user, text=text, language=language, module=module)
    paginator = Paginator(found.results, RESULTS_PER_PAGE)
    if found.count is not None:
        paginator.count = found.count  # already counted by the search: skip a second COUNT
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form, "found": found, "page": page, "results": found.highlight(page.object_list),
        "searched_language": language, "query_string": _query_with(request),
        "all_languages_query": _query_with(request, language=ALL_LANGUAGES),
    }
    if request.htmx and request.htmx.target == "kb-results":
        return render(request, "knowledgebase/includes/search_results.html", context)
    return render(request, "knowledgebase/search.html", context)


def _query_with(request: HttpRequest, **changes: str) -> str:
    """The current query string without the page number, with ``changes`` applied."""
    params = request.GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params[name] = value
    return params.urlencode()


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_get_for_user_or_404(user=request.user, pk=pk)
    source = request.GET.get("from")
    if source in DeflectionSource.values:
        deflection_open_record(article=article, user=request.user, source=source)
        # The clean URL counts the view; a reload or a shared link is not another opening.
        return redirect(article)
    article_view_record(article=article)
    return render(request, "knowledgebase/article_detail.html",
                  _article_context(request, article))


def _article_context(request: HttpRequest, article: Article) -> dict:
    return {
        "article": article,
        "translations": article_translations_for_user(article=article, user=request.user)
        .select_related("module"),
        "votes": article_vote_counts(article=article),
        "my_vote": article_vote_get(article=article, user=request.user,
                                    session_key=request.session.session_key),
    }


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_get_for_user_or_404(user=request.user, pk=pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Answer “yes” or “no” to “Did this answer help you?”."))
    if not request.user.is_authenticated and request.session.session_key is None:
        # A logged-out vote belongs to the session: make sure it exists and is sent back.
        request.session["kb_voter"] = True
        request.session.save()
    article_vote(article=article, user=request.user, session_key=request.session.session_key,
                 is_helpful=form.cleaned_data["helpful"])
    if request.htmx:
        return render(request, "knowledgebase/includes/vote.html",
                      _article_context(request, article))
    messages.success(request, _("Thank you for your feedback."))
    return redirect(f"{article.get_absolute_url()}#vote")


@never_cache
@require_GET
@rate_limited(FAQ_SUGGEST)
def suggest(request: HttpRequest) -> HttpResponse:
    """Up to five articles for what is being typed (an HTML fragment for htmx).

    ``?q=``, or ``?field=subject&subject=...`` when the including form's input has another
    name; ``source`` marks the links so that opening one is recorded.
    """
    field_name = request.GET.get("field") or "q"
    if not FIELD_NAME.match(field_name):
        return HttpResponseBadRequest(_("The name of the search field is not valid."))
    text = suggestion_text(request.GET.get(field_name, ""))
    source = request.GET.get("source")
    if source not in DeflectionSource.values:
        source = DeflectionSource.CASE_FORM
    articles = []
    if len(text) >= SUGGEST_MIN_LENGTH:
        # The person's language first; an answer in another language beats none.
        for language in (get_language(), None):
            articles = article_suggestions(user=request.user, text=text, language=language,
                                           limit=SUGGESTION_COUNT)
            if articles:
                break
    return render(request, "knowledgebase/includes/suggestions.html",
                  {"articles": articles, "source": source, "text": text})
