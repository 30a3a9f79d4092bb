"""The mail reader on messages written for these tests (Outlook, Gmail, Apple Mail, auto-
replies, bounces, receipts, lists, raw 8-bit, junk and broken MIME): every field as the
portal must read it, and nothing ever raises."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from mailintake.reader import html_to_text, read_mail, trim_quoted_reply

MESSAGES = Path(__file__).parent / "messages"


def read(name: str):
    return read_mail((MESSAGES / name).read_bytes())


def test_an_outlook_reply_in_swedish_iso_8859_1():
    mail = read("outlook_sv_reply.eml")
    assert mail.from_addr == "anna.lind@elektronord.example"  # case-folded
    assert mail.from_name == "Anna Lind"
    assert mail.subject == "SV: Ärende 2026-000123 Fakturan skrivs inte ut"
    assert "vi får samma fel på alla fakturor" in mail.text
    assert "Vi har tagit emot ditt ärende." in mail.text  # the full text is kept
    assert mail.new_text.endswith("Anna")  # the quoted Outlook block is trimmed
    assert mail.in_reply_to == "<case-2026-000123.1@kundcenter.example>"
    assert mail.references == ("<case-2026-000123.0@kundcenter.example>",
                               "<case-2026-000123.1@kundcenter.example>")
    assert not mail.is_automatic and not mail.problems


def test_html_only_gmail_in_finnish_becomes_text_without_script_or_style():
    mail = read("gmail_fi_html_only.eml")
    assert mail.subject == "Laskutus ei toimi"
    assert mail.text.startswith("Hei,")
    assert "Laskuja ei voi lähettää." in mail.text
    assert "<https://example.com/virhe>" in mail.text
    assert "alert" not in mail.text and "color" not in mail.text and "<p>" not in mail.text


def test_attachment_names_in_rfc_2231_and_2047():
    mail = read("apple_attachment_rfc2231.eml")
    assert [a.filename for a in mail.attachments] == ["löne logg.txt", "skärmbild.png"]
    assert mail.attachments[0].content == b"error 500\n"
    assert mail.attachments[1].content_type == "image/png"
    assert mail.text == "The export stops at 43 %. Log attached."
    assert mail.from_name == "Berg, Sara"


@pytest.mark.parametrize(("name", "reason"), [
    ("out_of_office_rfc3834.eml", "Auto-Submitted: auto-replied"),
    ("ooo_subject_only.eml", "out-of-office subject"),
    ("bounce_dsn.eml", "multipart/report (delivery-status)"),
    ("read_receipt_mdn.eml", "multipart/report (disposition-notification)"),
])
def test_automatic_mail_is_flagged_with_its_reason(name, reason):
    mail = read(name)
    assert mail.is_automatic and mail.automatic_reason == reason


def test_a_bounce_keeps_its_human_readable_part():
    assert "could not be delivered" in read("bounce_dsn.eml").text


def test_a_bounce_names_the_failed_recipient_and_the_returned_message():
    mail = read("bounce_dsn.eml")
    assert [(b.address, b.status) for b in mail.bounced] == [("gone@customer.example", "5.1.1")]
    assert mail.bounced_message_ids == ("<case-2026-000042.17.ab12cd34@kundcenter.example>",)


def test_a_person_s_mail_reports_no_bounce_and_lists_its_recipients():
    mail = read_mail(b"From: a@b.example\nTo: Support <support+2026-000001@kundcenter.example>\n"
                     b"Cc: c@d.example, E <e@f.example>\nDelivered-To: support@kundcenter.example\n"
                     b"Subject: x\n\nHello\n")
    assert mail.bounced == () and mail.bounced_message_ids == ()
    assert mail.recipients == ("support+2026-000001@kundcenter.example", "c@d.example",
                               "e@f.example", "support@kundcenter.example")


def test_a_newsletter_is_bulk_not_automatic():
    mail = read("newsletter_list.eml")
    assert mail.is_bulk and not mail.is_automatic


def test_raw_8bit_windows_1252_headers_and_body():
    mail = read("raw_8bit_cp1252.eml")
    assert mail.from_addr == "erik.holm@elektronord.example"
    assert "Fel på lönespecen" in mail.subject and "brådskande" in mail.subject
    assert "Lönespecen visar fel belopp – snabbt, tack." in mail.text


def test_junk_before_the_headers_and_a_huge_subject():
    junk = read("junk_first_line.eml")
    assert (junk.from_addr, junk.subject, junk.text) == (
        "oliver.grant@kauppa.example", "Junk before headers", "The body survives.")
    huge = read("huge_subject.eml")
    assert len(huge.subject) == 500 and huge.text == "Body."


def test_broken_mime_still_gives_the_text_and_the_attachment_name():
    mail = read("broken_mime.eml")
    assert mail.text == "What I wanted to say still arrives."
    assert [a.filename for a in mail.attachments] == ["invoice.pdf"]


@pytest.mark.parametrize("raw", [b"", b"\x00\xff\xfe garbage", b"From:\n\n", b"Subject: x\n"])
def test_nothing_readable_never_raises(raw):
    mail = read_mail(raw)
    assert mail.from_addr == "" and not mail.is_automatic


def test_quote_trimming_in_three_languages():
    assert trim_quoted_reply("Tack!\n\nDen 10 feb. 2026 kl. 15:02 skrev Kundcentret:\n> x") == "Tack!"
    assert trim_quoted_reply("Kiitos.\nke 11.2.2026 klo 9.14 Kundcentret kirjoitti:\n> x") == "Kiitos."
    assert trim_quoted_reply("Thanks\n\nOn Wed, 11 Feb 2026 at 09:14, Support wrote:\n> x") == "Thanks"
    assert trim_quoted_reply("> only quoted\n> text") == "> only quoted\n> text"


def test_html_to_text_keeps_paragraphs():
    assert html_to_text("<p>One</p><p>Two<br>Three</p>") == "One\n\nTwo\nThree"


def test_email_read_prints_one_json_object_per_file():
    out = StringIO()
    files = [str(MESSAGES / "outlook_sv_reply.eml"), str(MESSAGES / "bounce_dsn.eml")]
    call_command("email_read", "--json", *files, stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["file"] for row in rows] == files
    assert {"file", "from_addr", "subject", "text", "attachments", "is_automatic",
            "message_id"} <= set(rows[0])
    assert rows[0]["message_id"] == "<AM0PR01MB1234@eur.prod.outlook.example>"
    assert rows[1]["is_automatic"] is True


def test_an_iphone_reply_prefers_plain_text_and_trims_the_quote():
    mail = read("iphone_alternative.eml")
    assert mail.text.startswith("Ja, det hjälpte! 👍")
    assert "HTML version" not in mail.text
    assert mail.new_text == "Ja, det hjälpte! 👍\n\nSkickat från min iPhone"
    assert mail.in_reply_to == "<case-2026-000300.2@kundcenter.example>"


def test_thunderbird_iso_8859_15_with_the_euro_sign():
    mail = read("thunderbird_flowed_iso15.eml")
    assert mail.subject == "Laskun summa €"
    assert mail.text == "Laskun loppusumma on 120 € eikä 1200 €."


def test_a_forwarded_message_is_one_attachment_not_its_insides():
    mail = read("forwarded_rfc822.eml")
    assert mail.text == "See the bank's message below."
    assert [a.filename for a in mail.attachments] == ["bank.eml"]


def test_a_signed_message_reads_its_text_and_lists_the_signature():
    mail = read("smime_signed.eml")
    assert mail.text == "Hur lägger jag upp en ny momskod?"
    assert [a.filename for a in mail.attachments] == ["smime.p7s"]


@pytest.mark.parametrize(("name", "reason"), [
    ("x_autoreply.eml", "X-Autoreply"),
    ("arf_complaint.eml", "multipart/report (feedback-report)"),
])
def test_more_automatic_mail(name, reason):
    mail = read(name)
    assert (mail.is_automatic, mail.automatic_reason) == (True, reason)


def test_base64_subject_and_body_with_a_case_number():
    mail = read("case_number_subject_base64.eml")
    assert mail.subject == "VS: Asia 2026-000400 - Varastosaldo väärin"
    assert mail.text == "Kiitos, nyt saldo näkyy oikein!"


def test_windows_1252_quoted_printable_and_a_winmail_attachment():
    mail = read("outlook_winmail_name.eml")
    assert mail.text == "Se bifogad fil – den är stor."
    assert [a.filename for a in mail.attachments] == ["winmail.dat"]
    assert mail.from_name == "Lind, Anna"


def test_there_are_at_least_twenty_messages_of_our_own():
    assert len(list(MESSAGES.glob("*.eml"))) >= 20


def test_an_outlook_express_boundary_with_an_equals_sign_still_splits_the_parts():
    mail = read("outlook_express_bare_boundary.eml")
    assert mail.text == "Lagersaldot för artikel 4711 visar 0 fast hyllan är full."
    assert mail.attachments == ()


def test_an_empty_plain_part_beside_html_reads_the_html():
    mail = read("empty_plain_html_alternative.eml")
    assert mail.text == "Kuukausiraportti ei aukea, tulee virhe äö."


def test_a_multipart_without_parts_reads_its_body_as_text():
    mail = read("apple_multipart_without_parts.eml")
    assert mail.subject == "Lönekörning stoppar"
    assert mail.text.startswith("Lönekörningen stannar på steg 3 av 5.")
    assert mail.problems == ("multipart without parts: read as text",)


def test_parts_under_a_mismatched_boundary_are_not_passed_off_as_text():
    mail = read_mail(b"From: a@b.example\nSubject: x\nMIME-Version: 1.0\n"
                     b'Content-Type: multipart/alternative; boundary="one"\n\n'
                     b"--two\nContent-Type: text/html\n\n<p>Hi</p>\n--two--\n")
    assert "Content-Type" not in mail.text
    assert any("boundary" in problem for problem in mail.problems)
