"""Browser test of attachments: a SuperUser chooses one file and drops another on the
register form, sees both listed with their sizes and a refusal of what the server would
refuse, watches the upload progress, and lands on the case page with a thumbnail."""

from __future__ import annotations

import base64
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from cases.models import Case
from tests.e2e.test_case_flow import english_context, portal_log_in
from tests.factories import make_superuser

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Records every text of the progress label; the page's script replaces the document when the
# answer arrives, but the window (and this record) stays.
RECORD_PROGRESS = """() => {
  window.progressSeen = [];
  const label = document.querySelector('.upload-progress-label');
  new MutationObserver(() => window.progressSeen.push(label.textContent))
    .observe(label, {childList: true, characterData: true, subtree: true});
}"""

DROP = """([name, mimeType, base64]) => {
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type: mimeType}));
  return transfer;
}"""


def png(size: tuple[int, int]) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "#3366aa").save(output, format="PNG")
    return output.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def drop(page: Page, name: str, mime_type: str, content: bytes) -> None:
    transfer = page.evaluate_handle(DROP, [name, mime_type, base64.b64encode(content).decode()])
    zone = page.locator("#case-form [data-upload-zone]")
    zone.dispatch_event("dragenter", {"dataTransfer": transfer})
    expect(zone).to_have_class(re.compile(r"\bis-dragover\b"))
    zone.dispatch_event("drop", {"dataTransfer": transfer})


def test_drop_and_choose_files_see_the_list_and_progress_then_the_thumbnail(page: Page,
                                                                            live_server):
    reporter = make_superuser(first_name="Anna", last_name="Lind", language="en")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    english_context(page.context, live_server.url)
    portal_log_in(page, live_server.url, reporter)
    page.goto(live_server.url + "/cases/new/")
    zone = page.locator("#case-form [data-upload-zone]")
    expect(zone).to_have_class(re.compile(r"\bis-enhanced\b"))
    expect(zone).to_contain_text("You can also drag files here.")

    screenshot = png((1200, 800))
    page.get_by_label("Attachments").set_input_files(
        [{"name": "screenshot.png", "mimeType": "image/png", "buffer": screenshot}])
    drop(page, "export-log.txt", "text/plain", b"ERROR 500 at payroll export\n" * 40)
    # What the server would refuse is refused at once, in the server's words.
    drop(page, "macro.exe", "application/octet-stream", b"MZ\x90\x00")
    expect(zone.locator(".upload-problems")).to_contain_text(
        "“macro.exe” is not a file type we accept.")

    files = zone.locator(".upload-files li")
    expect(files).to_have_count(2)
    expect(files.nth(0).locator(".upload-file-name")).to_have_text("screenshot.png")
    expect(files.nth(0).locator(".upload-file-size")).to_have_text(
        re.compile(r"^\d+(\.\d)? kB$"))
    expect(files.nth(1).locator(".upload-file-name")).to_have_text("export-log.txt")
    expect(files.nth(1).locator(".upload-file-size")).to_have_text("1.1 kB")
    # Both are in the form's own input, so the plain submission would carry them too.
    assert page.get_by_label("Attachments").evaluate("input => input.files.length") == 2

    page.get_by_label("Module").select_option(index=1)
    page.get_by_label("Support question", exact=True).check()
    page.get_by_label("Subject").fill("Export stops with error 500")
    page.get_by_label("Description").fill("See the screenshot and the log.")
    page.evaluate(RECORD_PROGRESS)
    page.get_by_role("button", name="Register case").click()

    expect(page).to_have_url(re.compile(r"/cases/\d{4}-\d{6}/$"))
    case = Case.objects.get(subject="Export stops with error 500")
    expect(page.get_by_role("alert").filter(has_text="Thank you! Your case has number")
           ).to_contain_text(case.number)
    progress = page.evaluate("window.progressSeen")
    assert "Uploading… 100%" in progress, progress

    assert sorted(case.attachments.values_list("original_name", flat=True)) == [
        "export-log.txt", "screenshot.png"]
    picture = case.attachments.get(original_name="screenshot.png")
    thumbnail = page.locator(f'li[data-attachment-id="{picture.pk}"] img.attachment-thumb')
    expect(thumbnail).to_be_visible()
    expect(thumbnail).to_have_attribute("src", f"/cases/attachments/{picture.pk}/?thumb=1")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=thumbnail.element_handle())
    assert thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [320, 213]
    log_item = page.locator("li.attachment").filter(has_text="export-log.txt")
    expect(log_item.locator("img")).to_have_count(0)
    expect(log_item.locator("svg.icon-paperclip")).to_have_count(1)
    # The page the script wrote is a working page: its own scripts ran again.
    expect(page.locator("#reply-form [data-upload-zone]")).to_have_class(
        re.compile(r"\bis-enhanced\b"))
    assert errors == []


def test_reply_with_a_file_shows_progress_and_the_reply(page: Page, live_server):
    from tests.factories import register_case

    case = register_case(reporter=make_superuser(first_name="Anna", last_name="Lind",
                                                 language="en"))
    english_context(page.context, live_server.url)
    portal_log_in(page, live_server.url, case.reporter)
    page.goto(live_server.url + case.get_absolute_url())
    form = page.locator("#reply-form")
    form.get_by_label("Your reply").fill("Here is the screenshot you asked for.")
    form.get_by_label("Attachments").set_input_files(
        [{"name": "after.png", "mimeType": "image/png", "buffer": png((400, 400))}])
    expect(form.locator(".upload-files li")).to_have_count(1)
    page.evaluate(RECORD_PROGRESS)
    form.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("alert").filter(has_text="Your reply was sent.")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(case.get_absolute_url()) + "$"))
    message_files = page.locator("#conversation li.attachment")
    expect(message_files).to_have_count(1)
    expect(message_files.locator("img.attachment-thumb")).to_be_visible()
    assert "Uploading… 100%" in page.evaluate("window.progressSeen")
