"""Text analysis for FAQ search on databases without PostgreSQL's full-text search.

The same pipeline as the PostgreSQL configurations ``kb_swedish``/``kb_finnish``/
``kb_english`` (migration 0002), so SQLite finds what production finds: per word, lower
case; the language's Snowball stop words (PostgreSQL's lists) are dropped; diacritics are
folded like ``unaccent`` ("lösenord" and "losenord" are one word); a folded word that is
a stop word is dropped too (the Snowball dictionary checks its list again); the rest is
stemmed with the same Snowball algorithm ("fakturor" and "faktura" give "faktur").

Also here: a parser of PostgreSQL's ``websearch_to_tsquery`` syntax and pg_trgm's word
similarity, both pure functions, so the SQLite search gives the same hits and the same
typo fallback. No database in this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

import Stemmer

# PostgreSQL's tsearch_data/<language>.stop (the Snowball project's lists), verbatim.
STOP_WORDS: dict[str, frozenset[str]] = {
    "sv": frozenset("""
    och det att i en jag hon som han på den med var sig för så till är men ett om hade
    de av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej
    vid kunde något från ut när efter upp vi dem vara vad över än dig kan sina här ha
    mot alla under någon eller allt mycket sedan ju denna själv detta åt utan varit hur
    ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår
    blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart
    dina vars vårt våra ert era vilkas
""".split()),
    "fi": frozenset("""
    olla olen olet on olemme olette ovat ole oli olisi olisit olisin olisimme olisitte
    olisivat olit olin olimme olitte olivat ollut olleet en et ei emme ette eivät minä
    minun minut minua minussa minusta minuun minulla minulta minulle sinä sinun sinut
    sinua sinussa sinusta sinuun sinulla sinulta sinulle hän hänen hänet häntä hänessä
    hänestä häneen hänellä häneltä hänelle me meidän meidät meitä meissä meistä meihin
    meillä meiltä meille te teidän teidät teitä teissä teistä teihin teillä teiltä
    teille he heidän heidät heitä heissä heistä heihin heillä heiltä heille tämä tämän
    tätä tässä tästä tähän tallä tältä tälle tänä täksi tuo tuon tuotä tuossa tuosta
    tuohon tuolla tuolta tuolle tuona tuoksi se sen sitä siinä siitä siihen sillä siltä
    sille siksi nämä näiden näitä näissä näistä näihin näillä näiltä näille näinä näiksi
    nuo noiden noita noissa noista noihin noilla noilta noille noina noiksi ne niiden
    niitä niissä niistä niihin niillä niiltä niille niinä niiksi kuka kenen kenet ketä
    kenessä kenestä keneen kenellä keneltä kenelle kenenä keneksi ketkä keiden keitä
    keissä keistä keihin keillä keiltä keille keinä keiksi mikä minkä mitä missä mistä
    mihin millä miltä mille miksi mitkä joka jonka jota jossa josta johon jolla jolta
    jolle jona joksi jotka joiden joita joissa joista joihin joilla joilta joille joina
    joiksi että ja jos koska kuin mutta niin sekä tai vaan vai vaikka kanssa mukaan noin
    poikki yli kun nyt itse
""".split()),
    "en": frozenset("""
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
""".split()),
}
SNOWBALL_LANGUAGES = {"sv": "swedish", "fi": "finnish", "en": "english"}
# Stands for a dropped stop word in the stored text, so phrases keep PostgreSQL's word
# distances ('skick' <2> 'paminn' for "skicka en påminnelse"). User input can never produce
# it: words are split at "_".
GAP = "_"
# Letters that unaccent.rules maps but Unicode does not decompose into letter + accent.
_UNACCENT_EXTRA = str.maketrans({"ß": "ss", "æ": "ae", "ð": "d", "ø": "o", "þ": "th",
                                 "đ": "d", "ł": "l", "œ": "oe", "ı": "i"})
# PostgreSQL's parser keeps ASCII runs joined by "." "/" "@" as one token (host, file,
# email, version: "camt.053", "t.ex", "1.2.3"); every other run of letters and digits is a
# word.
_DOTTED = r"(?<![^\W_])[A-Za-z0-9]+(?![^\W_])(?:[./@][A-Za-z0-9]+(?![^\W_]))+"
WORD = re.compile(rf"{_DOTTED}|[^\W_]+")
SIMPLE_TOKEN = re.compile(r"[\d./@]")


def fold(word: str) -> str:
    """``unaccent`` for one lower-case word: "lösenord" → "losenord"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_UNACCENT_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# PyStemmer 2.2 is Snowball 2.2, the version in PostgreSQL 15 (Snowball 3 stems some words
# differently: "avtalet", "internal"); tests/knowledgebase/test_search_backends.py compares
# the two on the demo FAQ.
@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(SNOWBALL_LANGUAGES[language])


@lru_cache(maxsize=65536)
def lexeme(word: str, language: str) -> str | None:
    """The indexed form of one word in ``language``, None for a stop word."""
    lowered = word.lower()
    if SIMPLE_TOKEN.search(lowered):
        # Numbers, words with digits, hosts and files: the configurations map these to the
        # simple dictionary, lower case and nothing else.
        return lowered
    stop_words = STOP_WORDS[language]
    if lowered in stop_words:
        return None
    folded = fold(lowered)
    if folded in stop_words:
        return None
    return _stemmer(language).stemWord(folded)


def words(text: str) -> Iterator[re.Match[str]]:
    return WORD.finditer(text)


def lexemes(text: str, language: str) -> list[str | None]:
    """Every word's lexeme in order, None where a stop word was."""
    return [lexeme(match.group(), language) for match in words(text)]


def indexed_text(text: str, language: str) -> str:
    """What the FTS5 table stores for ``text``: lexemes, ``GAP`` for stop words."""
    return " ".join(GAP if item is None else item for item in lexemes(text, language))


# --- queries ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Literal:
    """A word or a "quoted phrase" (lexemes in order, None for a stop word's place)."""

    lexemes: tuple[str | None, ...]
    negated: bool = False


@dataclass
class Query:
    """A disjunction of conjunctions, as websearch_to_tsquery builds it:
    ``a b or c -d`` is (a AND b) OR (c AND NOT d)."""

    groups: list[list[Literal]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def positive_lexemes(self) -> set[str]:
        return {item for group in self.groups for literal in group if not literal.negated
                for item in literal.lexemes if item is not None}


_WEBSEARCH_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def _literal(text: str, language: str, *, negated: bool) -> Literal | None:
    items = lexemes(text, language)
    # Stop words at the ends of a phrase only shift it; PostgreSQL drops them.
    while items and items[0] is None:
        items.pop(0)
    while items and items[-1] is None:
        items.pop()
    return Literal(tuple(items), negated) if items else None


def parse_websearch(text: str, language: str) -> Query:
    """``websearch_to_tsquery`` semantics: words must all match, "a phrase" in order,
    ``or`` between alternatives, ``-word`` excludes. Anything else is a separator, so no
    input is an error. Stop words vanish; an empty result matches nothing."""
    groups: list[list[Literal]] = [[]]
    for match in _WEBSEARCH_TOKEN.finditer(text):
        phrase_minus, phrase, word_minus, word = match.groups()
        if word is not None and word.lower() == "or":
            if groups[-1]:
                groups.append([])
            continue
        if phrase is not None:
            literal = _literal(phrase, language, negated=bool(phrase_minus))
            if literal is not None:
                groups[-1].append(literal)
            continue
        # Inside a word, punctuation separates; the words of "e-faktura" form a phrase,
        # as PostgreSQL's parser makes of a hyphenated word.
        literal = _literal(word, language, negated=bool(word_minus))
        if literal is not None:
            groups[-1].append(literal)
    return Query([group for group in groups if group])


def parse_any_words(text: str, language: str) -> Query:
    """``plainto_tsquery`` with OR between the words (the suggestions' "any word")."""
    found = [item for item in lexemes(text, language) if item is not None]
    return Query([[Literal((item,))] for item in dict.fromkeys(found)])


def _fts5_literal(literal: Literal) -> str:
    # Lexemes are letters and digits only and GAP is "_": nothing in a quoted FTS5 string
    # can be read as syntax, whatever the user typed.
    return '"' + " ".join(GAP if item is None else item for item in literal.lexemes) + '"'


def fts5_expression(literals: list[Literal], operator: str) -> str:
    return f" {operator} ".join(_fts5_literal(literal) for literal in literals)


def fts5_group(group: list[Literal]) -> tuple[str | None, str | None]:
    """(what the group requires, what it excludes) as FTS5 MATCH expressions."""
    required = [literal for literal in group if not literal.negated]
    excluded = [literal for literal in group if literal.negated]
    return (fts5_expression(required, "AND") or None, fts5_expression(excluded, "OR") or None)


def fts5_question_expression(query: Query) -> str | None:
    """True on the question column alone (PostgreSQL: the A-weighted lexemes match)."""
    parts = []
    for group in query.groups:
        required, excluded = fts5_group(group)
        if required is None:
            continue
        parts.append(f"({required}) NOT ({excluded})" if excluded else f"({required})")
    return "{question} : (" + " OR ".join(parts) + ")" if parts else None


def fts5_rank_expression(query: Query) -> str | None:
    """Any wanted word: bm25 then weighs how well each article matches."""
    literals = list({literal: None for group in query.groups for literal in group
                     if not literal.negated})
    return fts5_expression(literals, "OR") or None


# --- highlighting -----------------------------------------------------------------------

def mark_matches(text: str, language: str, wanted: set[str], start: str, stop: str) -> str:
    """``text`` with every word whose lexeme is wanted between ``start`` and ``stop``."""
    pieces = []
    position = 0
    for match in words(text):
        if lexeme(match.group(), language) in wanted:
            pieces.append(text[position:match.start()])
            pieces.append(f"{start}{match.group()}{stop}")
            position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def fragments(
    text: str, language: str, wanted: set[str], *, max_words: int, max_fragments: int,
    delimiter: str,
) -> str:
    """Up to ``max_fragments`` pieces of ``text`` around matching words, ``max_words`` words
    in all (like ts_headline with MaxFragments); the start of the text when nothing matches."""
    found = list(words(text))
    if not found:
        return text
    spans = [match.span() for match in found]
    if len(spans) <= max_words:
        return text
    hits = [index for index, match in enumerate(found) if lexeme(match.group(), language) in wanted]
    if not hits:
        return text[:spans[max_words - 1][1]]
    size = max(1, max_words // max_fragments)
    starts: list[int] = []
    for hit in hits:
        if len(starts) == max_fragments:
            break
        if not starts or hit >= starts[-1] + size:
            starts.append(hit)
    if len(starts) == 1:
        size = max_words  # one match: one long piece around it
    windows: list[tuple[int, int]] = []
    for hit in starts:
        first = max(windows[-1][1] if windows else 0, hit - size // 3)
        windows.append((first, min(len(spans), first + size)))
    return delimiter.join(text[spans[first][0]:spans[last - 1][1]] for first, last in windows)


# --- pg_trgm ------------------------------------------------------------------------------

_TRIGRAM_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> list[str]:
    """pg_trgm's trigrams in text order: lower case, alphanumeric words, each padded with
    two spaces before and one after."""
    found = []
    for match in _TRIGRAM_WORD.finditer(text):
        padded = f"  {match.group().lower()} "
        found.extend(padded[index:index + 3] for index in range(len(padded) - 2))
    return found


def similarity_bound(query_trigrams: set[str], text: str) -> float:
    """An upper bound of ``word_similarity``: cheap, to skip most texts at once."""
    if not query_trigrams:
        return 0.0
    return len(query_trigrams & set(trigrams(text))) / len(query_trigrams)


def word_similarity(query: str, text: str) -> float:
    """pg_trgm's ``word_similarity(query, text)``: the best Jaccard similarity between the
    query's trigrams and those of any continuous stretch of ``text``."""
    wanted = set(trigrams(query))
    if not wanted:
        return 0.0
    sequence = trigrams(text)
    best = 0.0
    for first in range(len(sequence)):
        if sequence[first] not in wanted:
            continue  # a stretch starting elsewhere is beaten by the one starting later
        seen: set[str] = set()
        shared = 0
        for item in sequence[first:]:
            if item not in seen:
                seen.add(item)
                shared += item in wanted
            if item in wanted:
                best = max(best, shared / (len(wanted) + len(seen) - shared))
    return best
