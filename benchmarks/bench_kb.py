"""Benchmark of the FAQ search (`make bench-kb`); PostgreSQL, or with ``--sqlite`` the
embedded default (an SQLite file, ``var/bench_kb.sqlite3``, searched through FTS5).

1. Uses its own database: ``BENCH_KB_DATABASE_URL``, by default
   ``postgres://postgres@127.0.0.1:5432/kundcenter_bench_kb``; its name must contain "bench"
   (anything else is refused), and DATABASE_URL is ignored, so the database it names is never
   touched. The bench database is kept for the next run, which reuses it when it still holds
   the same articles; ``--fresh`` recreates it, ``--drop`` removes it afterwards.
2. Migrates it and seeds 50,000 generated articles (sv/fi/en, eight modules and general,
   some module-only, some unpublished) through ``article_bulk_create``, plus the demo FAQ.
3. Times the search page (Django test client, in process, so: URL routing, middleware,
   queries, template) for 20 different queries, after one warm-up round; the median of all
   measured requests is the result (target: at most 20 ms). Times the suggestions fragment too.
4. EXPLAINs the full-text query of each search and checks that the plan reads the GIN index
   on ``search_vector`` (SQLite: the FTS5 table's full-text index).

The last line printed is one JSON object: kb_search_median_ms, kb_search_uses_gin_index
(SQLite: kb_search_uses_fts5_index), kb_search_p90_ms, kb_suggest_median_ms, articles,
database.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kundcenter_bench_kb"
SEED = 20260611
ARTICLES = 50_000
ROUNDS = 5           # measured rounds over the 20 queries, after one warm-up round
TARGET_MS = 20.0
# The search-vector GIN indexes: the full one and the per-language partial ones.
GIN_INDEX = re.compile(r"kb_article_search_(?:sv_|fi_|en_)?gin")
# SQLite: the MATCH is answered by the FTS5 table's own index.
FTS5_INDEX = re.compile(r"knowledgebase_article_fts VIRTUAL TABLE INDEX")
SQLITE_FILE = ROOT / "var" / "bench_kb.sqlite3"

# (interface language, query string parameters): what people type, in three languages,
# inflected forms, several words, a module filter, all languages, typos (trigram path).
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("sv", {"q": "fakturor"}),
    ("sv", {"q": "kreditera faktura"}),
    ("sv", {"q": "lönebesked"}),
    ("sv", {"q": "momsdeklaration"}),
    ("sv", {"q": "inventering lagerplats", "module": "stock"}),
    ("sv", {"q": '"skicka påminnelse"'}),
    ("sv", {"q": "tidrapporter attest"}),
    ("sv", {"q": "fakturra"}),  # typo: no full-text hit, trigram fallback
    ("fi", {"q": "laskut"}),
    ("fi", {"q": "hyvitän laskun"}),
    ("fi", {"q": "palkkalaskelma"}),
    ("fi", {"q": "tiliote pankki"}),
    ("fi", {"q": "varastosaldo", "module": "stock"}),
    ("fi", {"q": "tuntikirjaukset hyväksyntä"}),
    ("en", {"q": "credit invoice"}),
    ("en", {"q": "payslips"}),
    ("en", {"q": "year-end closing"}),
    ("en", {"q": "export report -budget"}),
    ("en", {"q": "invoice", "language": "all"}),
    ("en", {"q": "stoktake"}),  # typo
]
SUGGEST_QUERIES = [("sv", "kunden vill ha en kreditfaktura"), ("fi", "miten hyvitän laskun"),
                   ("en", "how to credit an invoice"), ("sv", "lönebesked saknas")]


def bench_database() -> tuple[str, str, str, str]:
    """(URL of the bench database, its name, URL of its server's maintenance database, where
    the URL came from). Refuses anything but a PostgreSQL database named "...bench...", since
    the benchmark may drop and recreate it."""
    url = os.environ.get("BENCH_KB_DATABASE_URL", "")
    where = "BENCH_KB_DATABASE_URL" if url else "the default; BENCH_KB_DATABASE_URL is not set"
    url = url or DEFAULT_DATABASE_URL
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if parts.scheme not in ("postgres", "postgresql") or "bench" not in name:
        raise SystemExit(f"refusing to use {name!r}: BENCH_KB_DATABASE_URL must name a "
                         "PostgreSQL database whose name contains 'bench'")
    return url, name, urlunsplit(parts._replace(path="/postgres")), where


def quoted(name: str) -> str:
    """`name` as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def admin_sql(server_url: str, sql: str, params: list | None = None) -> list[tuple]:
    """Run one statement on the server's maintenance database (outside a transaction, as
    CREATE/DROP DATABASE need)."""
    import psycopg2

    connection = psycopg2.connect(server_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def seed_signature() -> str:
    """Changes whenever the seeded rows or the schema would: the generator, the demo FAQ,
    the services, the models and migrations."""
    digest = hashlib.sha256()
    app = ROOT / "knowledgebase"
    for path in (Path(__file__), app / "demo.py", app / "services.py", app / "models.py",
                 app / "stemming.py", app / "sqlite_fts.py",
                 *sorted((app / "migrations").glob("*.py"))):
        digest.update(path.read_bytes())
    return f"bench_kb seed={SEED} articles={ARTICLES} {digest.hexdigest()[:16]}"


def database_prepare(server_url: str, name: str, *, fresh: bool) -> bool:
    """Create the bench database, or keep it when it holds this seed. True: reused."""
    rows = admin_sql(server_url, "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                                 "WHERE datname = %s", [name])
    if rows and not fresh and rows[0][0] == seed_signature():
        return True
    admin_sql(server_url, f"DROP DATABASE IF EXISTS {quoted(name)} WITH (FORCE)")
    admin_sql(server_url, f"CREATE DATABASE {quoted(name)}")
    return False


def database_mark_seeded(server_url: str, name: str) -> None:
    admin_sql(server_url, f"COMMENT ON DATABASE {quoted(name)} IS %s", [seed_signature()])


def database_drop(server_url: str, name: str) -> None:
    admin_sql(server_url, f"DROP DATABASE IF EXISTS {quoted(name)} WITH (FORCE)")


def _sqlite_signature_file() -> Path:
    return SQLITE_FILE.with_name(SQLITE_FILE.name + ".seed")


def sqlite_prepare(*, fresh: bool) -> bool:
    """The SQLite counterpart of ``database_prepare``: the seed's signature sits in a file
    next to the database."""
    marker = _sqlite_signature_file()
    if (not fresh and SQLITE_FILE.exists() and marker.exists()
            and marker.read_text() == seed_signature()):
        return True
    for path in (SQLITE_FILE, marker):
        path.unlink(missing_ok=True)
    SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
    return False


def sqlite_mark_seeded() -> None:
    _sqlite_signature_file().write_text(seed_signature())


def sqlite_drop() -> None:
    for path in (SQLITE_FILE, _sqlite_signature_file()):
        path.unlink(missing_ok=True)


# --- generated articles -----------------------------------------------------------------------
# Small grammars per language: enough words (with inflected forms) that a query matches a
# realistic share of the articles, not all of them.

VOCABULARY = {
    "sv": {
        "nouns": [
            "faktura", "fakturan", "fakturor", "kundfaktura", "leverantörsfaktura",
            "kreditfaktura", "order", "ordern", "offert", "offerten", "lön", "lönen",
            "lönebesked", "semesterlön", "verifikation", "verifikationer", "konto", "kontot",
            "moms", "momsdeklaration", "bokslut", "inventering", "lagersaldo", "artikel",
            "artiklar", "projekt", "projektet", "tidrapport", "tidrapporter", "serviceorder",
            "serviceavtal", "påminnelse", "betalning", "betalningar", "kund", "kunden",
            "leverantör", "användare", "behörighet", "rapport", "rapporten", "export", "import",
            "bankfil", "kontoutdrag", "budget", "prislista", "rabatt", "valuta",
            "periodisering", "avskrivning", "anställd", "frånvaro", "sjuklön", "traktamente",
            "reseräkning", "kostnadsställe", "attest", "leverans", "restorder", "lagerplats",
            "streckkod", "blankett", "logotyp", "e-post", "skrivare",
        ],
        "verbs": [("skapar", "skapa"), ("ändrar", "ändra"), ("tar bort", "ta bort"),
                  ("kopierar", "kopiera"), ("skickar", "skicka"), ("bokför", "bokföra"),
                  ("krediterar", "kreditera"), ("attesterar", "attestera"),
                  ("exporterar", "exportera"), ("importerar", "importera"),
                  ("stämmer av", "stämma av"), ("låser", "låsa"), ("rättar", "rätta"),
                  ("skriver ut", "skriva ut"), ("hittar", "hitta"), ("fakturerar", "fakturera"),
                  ("registrerar", "registrera"), ("godkänner", "godkänna"),
                  ("makulerar", "makulera")],
        "questions": ["Hur {v} jag {n}?", "Varför kan jag inte {vi} {n}?",
                      "Var hittar jag {n} för {n2}?", "Hur {v} jag {n} i {m}?",
                      "Vad gör jag om {n} saknas?"],
        "sentences": ["Öppna {m} › {N} och välj {V}.",
                      "Kontrollera att {n} är sparad innan du {v} {n2}.",
                      "Du kan {vi} {n} för flera {n2} samtidigt.",
                      "Om {n} saknas visas den inte i listan över {n2}.",
                      "Behörigheten för {n} styrs under Inställningar › Användare.",
                      "Ändringen gäller {n} som skapas efter att du sparat.",
                      "Se rapporten för {n} om du vill följa upp {n2}."],
    },
    "fi": {
        "nouns": [
            "lasku", "laskun", "laskut", "laskua", "myyntilasku", "ostolasku",
            "hyvityslasku", "tilaus", "tilauksen", "tarjous", "tarjouksen", "palkka", "palkan",
            "palkkalaskelma", "lomapalkka", "tosite", "tositteet", "tili", "tilin",
            "arvonlisävero", "alv-ilmoitus", "tilinpäätös", "inventaario", "varastosaldo",
            "tuote", "tuotteet", "projekti", "projektin", "tuntikirjaus", "tuntikirjaukset",
            "huoltotilaus", "huoltosopimus", "maksumuistutus", "maksu", "maksut", "asiakas",
            "asiakkaan", "toimittaja", "käyttäjä", "käyttöoikeus", "raportti", "raportin",
            "vienti", "tuonti", "pankkitiedosto", "tiliote", "budjetti", "hinnasto",
            "alennus", "valuutta", "jaksotus", "poisto", "työntekijä", "poissaolo",
            "sairausajan palkka", "päiväraha", "matkalasku", "kustannuspaikka", "hyväksyntä",
            "toimitus", "jälkitoimitus", "varastopaikka", "viivakoodi", "lomake", "logo",
            "sähköposti", "tulostin", "pankki",
        ],
        "verbs": [("luon", "luoda"), ("muutan", "muuttaa"), ("poistan", "poistaa"),
                  ("kopioin", "kopioida"), ("lähetän", "lähettää"), ("kirjaan", "kirjata"),
                  ("hyvitän", "hyvittää"), ("hyväksyn", "hyväksyä"), ("vien", "viedä"),
                  ("tuon", "tuoda"), ("täsmäytän", "täsmäyttää"), ("lukitsen", "lukita"),
                  ("korjaan", "korjata"), ("tulostan", "tulostaa"), ("löydän", "löytää"),
                  ("laskutan", "laskuttaa"), ("rekisteröin", "rekisteröidä"),
                  ("mitätöin", "mitätöidä")],
        "questions": ["Miten {v} {n}?", "Miksi en voi {vi} {n}?", "Mistä löydän {n}?",
                      "Miten {v} {n} kohdassa {m}?", "Mitä teen, jos {n} puuttuu?"],
        "sentences": ["Avaa {m} › {N} ja valitse {V}.",
                      "Tarkista, että {n} on tallennettu, ennen kuin {v} {n2}.",
                      "Voit {vi} {n} useille riveille kerralla.",
                      "Jos {n} puuttuu, se ei näy luettelossa.",
                      "Oikeudet määritetään kohdassa Asetukset › Käyttäjät.",
                      "Muutos koskee tallennuksen jälkeen luotuja rivejä ({n}).",
                      "Katso raportti, jos haluat seurata kohdetta {n2}."],
    },
    "en": {
        "nouns": [
            "invoice", "invoices", "credit note", "sales invoice", "purchase invoice", "order",
            "orders", "quote", "salary", "salaries", "payslip", "payslips", "holiday pay",
            "voucher", "vouchers", "account", "accounts", "VAT", "VAT return", "year-end closing",
            "stocktake", "stock balance", "item", "items", "project", "projects", "timesheet",
            "timesheets", "service order", "service contract", "reminder", "payment",
            "payments", "customer", "customers", "supplier", "user", "permission", "report",
            "reports", "export", "import", "bank file", "bank statement", "budget",
            "price list", "discount", "currency", "accrual", "depreciation", "employee",
            "absence", "sick pay", "allowance", "expense claim", "cost centre", "approval",
            "delivery", "back order", "location", "barcode", "form", "logo", "email", "printer",
        ],
        "verbs": [("create", "create"), ("change", "change"), ("delete", "delete"),
                  ("copy", "copy"), ("send", "send"), ("post", "post"), ("credit", "credit"),
                  ("approve", "approve"), ("export", "export"), ("import", "import"),
                  ("reconcile", "reconcile"), ("lock", "lock"), ("correct", "correct"),
                  ("print", "print"), ("find", "find"), ("invoice", "invoice"),
                  ("register", "register"), ("cancel", "cancel")],
        "questions": ["How do I {v} a {n}?", "Why can't I {vi} the {n}?",
                      "Where do I find the {n} for a {n2}?", "How do I {v} {n} in {m}?",
                      "What if the {n} is missing?"],
        "sentences": ["Open {m} › {N} and choose {V}.",
                      "Check that the {n} is saved before you {v} the {n2}.",
                      "You can {vi} the {n} for several {n2} at once.",
                      "If the {n} is missing, it is not listed with the {n2}.",
                      "Permissions for the {n} are set under Settings › Users.",
                      "The change applies to each {n} created after you save.",
                      "See the report on {n} to follow up the {n2}."],
    },
}
# Compound nouns, as the languages build them: Swedish and Finnish write them as one word
# ("kundfaktura", "asiakaslasku"), English as two. They give the realistic long tail.
COMPOUNDS = {
    "sv": ("kund leverantörs projekt lager löne order service bank konto artikel tid avtal "
           "betalnings rese kassa".split(),
           "faktura fakturor rapport lista register inställning nummer datum mall fil saldo "
           "period typ grupp kod status historik översikt".split(), ""),
    "fi": ("asiakas toimittaja projekti varasto palkka tilaus huolto pankki tili tuote tunti "
           "sopimus maksu matka kassa".split(),
           "lasku laskut raportti lista rekisteri asetus numero päivä pohja tiedosto saldo "
           "jakso tyyppi ryhmä koodi tila historia näkymä".split(), ""),
    "en": ("customer supplier project stock payroll order service bank account item time "
           "contract payment travel till".split(),
           "invoice invoices report list register setting number date template file balance "
           "period type group code status history overview".split(), " "),
}
MODULE_WORDS = {"sv": "Ekonomi Fakturering Lön Projekt Order Lager Service Tidrapport",
                "fi": "Talous Laskutus Palkat Projektit Tilaukset Varasto Huolto Tuntiraportointi",
                "en": "Ledger Invoicing Payroll Projects Orders Stock Service Time"}
MODULE_CODES = ["ledger", "invoicing", "payroll", "projects", "orders", "stock", "service", "time"]


def word_lists(rng: random.Random) -> dict[str, tuple[list[str], list[float]]]:
    """Per language: the nouns (plain and compound) in random order, and mildly skewed
    weights, so that the commonest word is in roughly a tenth of the articles."""
    lists = {}
    for language, words in VOCABULARY.items():
        prefixes, heads, joiner = COMPOUNDS[language]
        nouns = words["nouns"] + [f"{p}{joiner}{h}" for p in prefixes for h in heads]
        rng.shuffle(nouns)
        lists[language] = (nouns, [1 / (rank + 1) ** 0.3 for rank in range(len(nouns))])
    return lists


def generated_articles(count: int, modules: dict, rng: random.Random) -> list:
    from knowledgebase.models import Article, Visibility

    nouns = word_lists(rng)
    articles = []
    for number in range(count):
        language = ("sv", "fi", "en")[number % 3]
        words = VOCABULARY[language]
        module_index = rng.randrange(len(MODULE_CODES) + 1)  # the last one: general
        module = modules[MODULE_CODES[module_index]] if module_index < len(MODULE_CODES) else None
        module_word = MODULE_WORDS[language].split()[module_index % len(MODULE_CODES)]
        noun_list, weights = nouns[language]

        def fill(template: str, noun_list=noun_list, weights=weights, words=words,
                 module_word=module_word) -> str:
            n, n2 = rng.choices(noun_list, weights, k=2)
            v, vi = rng.choice(words["verbs"])
            return template.format(n=n, n2=n2, N=n.capitalize(), v=v, vi=vi,
                                   V=vi.capitalize(), m=module_word)

        question = fill(rng.choice(words["questions"]))
        answer = "\n\n".join(" ".join(fill(rng.choice(words["sentences"]))
                                      for _ in range(rng.randint(1, 2)))
                             for _ in range(rng.randint(2, 3)))
        module_only = module is not None and rng.random() < 0.15
        articles.append(Article(
            question=f"{question} (#{number})", answer=answer, language=language, module=module,
            visibility=Visibility.MODULE if module_only else Visibility.PUBLIC,
            is_published=rng.random() < 0.95, view_count=rng.randint(0, 500),
        ))
    return articles


def seed() -> float:
    """Fill the (new, empty) bench database; returns the seconds it took."""
    from django.db import connection

    from customers.models import Module
    from knowledgebase import demo
    from knowledgebase.services import article_bulk_create

    started = time.perf_counter()
    demo.load(io.StringIO())
    modules = {m.code: m for m in Module.objects.filter(code__in=MODULE_CODES)}
    article_bulk_create(articles=generated_articles(ARTICLES, modules, random.Random(SEED)),
                        batch_size=2500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE knowledgebase_article")
    return time.perf_counter() - started


# --- measuring --------------------------------------------------------------------------------

def time_requests(client, url: str, queries: list[tuple[str, dict[str, str]]]) -> list[list[float]]:
    """Per query, the milliseconds of each measured round (after one unmeasured round)."""
    samples: list[list[float]] = [[] for _ in queries]
    for round_number in range(ROUNDS + 1):
        for index, (language, params) in enumerate(queries):
            client.cookies["django_language"] = language
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url}?{urlencode(params)} answered {response.status_code}")
            if round_number:
                samples[index].append(elapsed)
    return samples


def explain_full_text(language: str, params: dict[str, str]) -> tuple[str, str]:
    """(method, plan) of the search behind one query, as the search page runs it."""
    from django.contrib.auth.models import AnonymousUser

    from customers.models import Module
    from knowledgebase.search import Method, article_search

    module = Module.objects.filter(code=params.get("module")).first()
    search_language = None if params.get("language") == "all" else language
    found = article_search(user=AnonymousUser(), text=params["q"], language=search_language,
                           module=module)
    if found.method != Method.FULL_TEXT:
        return str(found.method), ""
    if connection_vendor() == "sqlite":
        return str(found.method), found.results[:20].explain()  # no ANALYZE in SQLite
    return str(found.method), found.results[:20].explain(analyze=True)


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="recreate the bench database")
    parser.add_argument("--drop", action="store_true", help="drop the bench database at the end")
    parser.add_argument("--sqlite", action="store_true",
                        help=f"benchmark SQLite (FTS5) in {SQLITE_FILE.relative_to(ROOT)} instead")
    options = parser.parse_args()

    if options.sqlite:
        server_url = database_name = ""
        bench_url = f"sqlite:///{SQLITE_FILE}"
        reused = sqlite_prepare(fresh=options.fresh)
        print(f"Database: {SQLITE_FILE.relative_to(ROOT)} (SQLite); "
              f"{'reused, already seeded' if reused else 'created'}.")
    else:
        bench_url, database_name, server_url, where = bench_database()
        reused = database_prepare(server_url, database_name, fresh=options.fresh)
        server = urlunsplit(urlsplit(server_url)._replace(path="", netloc=urlsplit(server_url)
                                                         .netloc.rsplit("@", 1)[-1]))
        print(f"Database: {database_name} on {server} ({where}); "
              f"{'reused, already seeded' if reused else 'created'}.")

    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "kundcenter.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from knowledgebase.models import Article

    call_command("migrate", verbosity=0, interactive=False)
    if not reused:
        seconds = seed()
        if options.sqlite:
            sqlite_mark_seeded()
        else:
            database_mark_seeded(server_url, database_name)
        print(f"Seeded in {seconds:.1f} s (bulk insert + search vectors + ANALYZE).")
    total = Article.objects.count()
    print(f"Articles: {total:,}, published {Article.objects.filter(is_published=True).count():,}")

    # A host from ALLOWED_HOSTS; no setup_test_environment(), whose template instrumentation
    # would slow every page down.
    client = Client(HTTP_HOST="127.0.0.1")
    search_samples = time_requests(client, "/faq/search/", QUERIES)
    suggest_samples = time_requests(client, "/faq/suggest/",
                                    [(lang, {"q": text}) for lang, text in SUGGEST_QUERIES])

    print()
    index_name, index_pattern = (("FTS5", FTS5_INDEX) if options.sqlite
                                 else ("GIN index", GIN_INDEX))
    print(f"{'lang':4}  {'query':40} {'method':10} {'median ms':>9}  {index_name:9}")
    print("-" * 80)
    full_text_plans: list[bool] = []
    for (language, params), samples in zip(QUERIES, search_samples, strict=True):
        method, plan = explain_full_text(language, params)
        uses_gin = bool(index_pattern.search(plan))
        if method == "full_text":
            full_text_plans.append(uses_gin)
        label = urlencode(params)[:40]
        gin = ("yes" if uses_gin else "NO") if method == "full_text" else "-"
        print(f"{language:4}  {label:40} {method:10} {statistics.median(samples):9.2f}  {gin:9}")

    all_search = [ms for samples in search_samples for ms in samples]
    all_suggest = [ms for samples in suggest_samples for ms in samples]
    median_ms = statistics.median(all_search)
    p90_ms = statistics.quantiles(all_search, n=10)[-1]
    suggest_ms = statistics.median(all_suggest)
    uses_gin = bool(full_text_plans) and all(full_text_plans)
    print("-" * 80)
    print(f"search page: median {median_ms:.2f} ms, p90 {p90_ms:.2f} ms over {len(all_search)} "
          f"requests ({len(QUERIES)} queries x {ROUNDS} warm rounds); target <= {TARGET_MS:.0f} ms "
          f"-> {'met' if median_ms <= TARGET_MS else 'MISSED'}")
    print(f"suggestions: median {suggest_ms:.2f} ms over {len(all_suggest)} requests")
    print(f"full-text plans reading the {'FTS5' if options.sqlite else 'search-vector GIN'} "
          f"index: {sum(full_text_plans)} of {len(full_text_plans)}")
    _, sample_plan = explain_full_text(*QUERIES[0])
    print(f"\nEXPLAIN of {urlencode(QUERIES[0][1])!r}:\n{sample_plan}\n")

    from django.db import connections

    connections.close_all()
    if options.drop:
        if options.sqlite:
            sqlite_drop()
        else:
            database_drop(server_url, database_name)
        print(f"Dropped {SQLITE_FILE.name if options.sqlite else database_name}.")
    print(json.dumps({
        "kb_search_median_ms": round(median_ms, 2),
        "kb_search_uses_fts5_index" if options.sqlite else "kb_search_uses_gin_index": uses_gin,
        "kb_search_p90_ms": round(p90_ms, 2),
        "kb_suggest_median_ms": round(suggest_ms, 2),
        "articles": total,
        "database": "sqlite" if options.sqlite else "postgresql",
    }))


if __name__ == "__main__":
    main()
