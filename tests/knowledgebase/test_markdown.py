from knowledgebase.markdown import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    highlight_to_html,
    markdown_to_plain,
    plain_highlight,
    render_markdown,
)


def test_markdown_is_rendered():
    html = render_markdown("1. Öppna **Fakturor**\n2. Välj [Kreditera](https://example.com/x)")
    assert "<ol>" in html and "<strong>Fakturor</strong>" in html
    assert 'href="https://example.com/x"' in html
    assert "noopener" in html


def test_raw_html_and_script_urls_are_removed():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror=alert(2)>'
        '[click](javascript:alert(3)) <a href="#" onclick="x()">a</a> <iframe src="//evil"></iframe>'
    )
    assert "<script" not in html and "alert(1)" not in html
    assert "<img" not in html and "onerror" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
    assert "<iframe" not in html


def test_tables_and_code_survive():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n`code`")
    assert "<table>" in html and "<td>1</td>" in html and "<code>code</code>" in html


def test_highlight_escapes_everything_but_the_markers():
    marked = f'<b onmouseover="x">{HIGHLIGHT_START}faktura{HIGHLIGHT_STOP}</b> & "mer"'
    html = highlight_to_html(marked)
    assert "<mark>faktura</mark>" in html
    assert "<b" not in html
    assert "&amp;" in html


def test_unbalanced_markers_never_leave_an_open_mark():
    html = highlight_to_html(f"{HIGHLIGHT_START}a {HIGHLIGHT_START}b{HIGHLIGHT_STOP}{HIGHLIGHT_STOP}")
    assert html.count("<mark>") == html.count("</mark>") == 1


def test_markdown_to_plain_drops_markup_and_link_targets():
    assert markdown_to_plain("## Rubrik\n\n- **Fet** [länk](https://x.example)") == "Rubrik Fet länk"


def test_plain_highlight_marks_terms_case_insensitively_and_escapes():
    html = plain_highlight("Skicka FAKTURA & kvitto om < 5 st", ["faktura"])
    assert html == "Skicka <mark>FAKTURA</mark> &amp; kvitto om &lt; 5 st"
