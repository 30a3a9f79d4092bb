"""How the portal reads a mail, without writing anything: one JSON line per file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from mailintake.reader import read_mail


class Command(BaseCommand):
    help = ("Print, for each raw RFC 822 file, one JSON object on its own line: file, "
            "from_addr, subject, text, attachments, is_automatic, message_id (and why it is "
            "automatic, and what could not be read). Writes nothing.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="JSON lines (the only format)")
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files: list[str], **options) -> None:
        for name in files:
            try:
                raw = Path(name).read_bytes()
            except OSError as error:
                self.stdout.write(json.dumps({"file": name, "error": str(error)}))
                continue
            mail = read_mail(raw)
            self.stdout.write(json.dumps({
                "file": name, "from_addr": mail.from_addr, "subject": mail.subject,
                "text": mail.text, "attachments": [a.filename for a in mail.attachments],
                "is_automatic": mail.is_automatic, "automatic_reason": mail.automatic_reason,
                "is_bulk": mail.is_bulk,
                "message_id": mail.message_id, "in_reply_to": mail.in_reply_to,
                "problems": list(mail.problems)}, ensure_ascii=False))
