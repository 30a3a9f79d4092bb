"""Screenshots of the SuperUser's home and a case page in sv, fi and en, at desktop and phone
width, for docs/screenshots/. Run against a portal with demo data (`make run`):

    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
LOGIN = "anna.lind@elektronord.example"
PASSWORD = "Kundcenter-demo-2026"  # the demo password (README "Demo logins")
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for language in ("sv", "fi", "en"):
            for size_name, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport, locale=language)
                page = context.new_page()
                page.goto(f"{BASE}/accounts/login/")
                page.fill("input[name=username]", LOGIN)
                page.fill("input[name=password]", PASSWORD)
                page.press("input[name=password]", "Enter")
                page.wait_for_load_state()
                if page.locator("#nav-toggle").is_visible():  # phones: the menu folds
                    page.click("#nav-toggle")
                page.select_option("#language-select", language)
                page.click("#language-form button")
                page.wait_for_load_state()
                page.goto(f"{BASE}/")
                page.screenshot(path=OUT / f"dashboard-{language}-{size_name}.png", full_page=True)
                link = page.locator("#open-cases a[href*='/cases/']").first
                href = link.get_attribute("href")
                page.goto(BASE + href if href.startswith("/") else href)
                page.screenshot(path=OUT / f"case-{language}-{size_name}.png", full_page=True)
                context.close()
        browser.close()
    print("\n".join(sorted(str(path.relative_to(OUT.parent.parent)) for path in OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
