"""The live server the browser tests use answers concurrent requests on every database.

A browser sends requests in parallel (the page, htmx fragments, the favicon) while the test
thread reads the database. On SQLite with the default in-memory test database all of those
threads share one connection, and their transactions trample each other: 500s with "no such
savepoint" or "database table is locked" (kundcenter/settings/test.py has the fix). No
browser needed: plain HTTP requests from a thread pool show it.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from knowledgebase.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 120
THREADS = 8


def test_concurrent_article_views_all_succeed_and_all_count(live_server):
    article = ArticleFactory(question="How do I credit an invoice?", language="en")
    url = f"{live_server.url}/faq/{article.pk}/"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy

    def status(_: int) -> int:
        try:
            with opener.open(url, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(THREADS) as pool:
        pending = [pool.submit(status, n) for n in range(REQUESTS)]
        while not all(future.done() for future in pending):
            Article.objects.get(pk=article.pk)  # the test thread reads meanwhile
        statuses = [future.result() for future in pending]

    assert statuses == [200] * REQUESTS
    # Each view is one UPDATE ... SET view_count = view_count + 1: none may be lost.
    assert Article.objects.get(pk=article.pk).view_count == REQUESTS
