from __future__ import annotations

from academy.rules import best_per_key, feed_token_digest, language_order


def test_language_order_starts_with_the_readers_own():
    assert language_order("fi") == ("fi", "en", "sv")
    assert language_order("sv") == ("sv", "en", "fi")
    assert language_order("en-gb") == ("en", "sv", "fi")
    assert language_order(None) == ("en", "sv", "fi")


def test_best_per_key_picks_the_best_language_per_module():
    items = [("m1", "sv"), ("m1", "en"), ("m1", "fi"), ("m2", "sv"), ("m3", "de")]
    chosen = best_per_key(items, language="fi", key=lambda i: i[0], language_of=lambda i: i[1])
    assert chosen == [("m1", "fi"), ("m2", "sv"), ("m3", "de")]
    chosen = best_per_key(items, language="de", key=lambda i: i[0], language_of=lambda i: i[1])
    assert chosen[0] == ("m1", "en")


def test_the_digest_is_stable_and_not_the_token():
    assert feed_token_digest("abc") == feed_token_digest("abc") != "abc"
    assert len(feed_token_digest("abc")) == 64
