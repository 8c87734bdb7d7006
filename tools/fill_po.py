"""Fill a .po catalogue's msgstr from a JSON dictionary {msgid: msgstr} (a translator's aid).

Usage: python tools/fill_po.py path/to/django.po translations.json
A message with a context is looked up as "context\u0004msgid" first, then as plain msgid.
Leaves untouched the entries that already have a translation; lists what is still missing.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po


def main(po_path: str, json_path: str) -> int:
    with open(json_path, encoding="utf-8") as handle:
        translations = json.load(handle)
    with open(po_path, "rb") as handle:
        catalogue = read_po(handle, locale="it")
    missing = []
    for message in catalogue:
        translated = (
            all(message.string) if isinstance(message.string, tuple) else bool(message.string)
        )
        if not message.id or (translated and not message.fuzzy):
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.context and f"{message.context}\u0004{key}" in translations:
            # A message with a context ("state of a call") is keyed "context\u0004msgid".
            value = translations[f"{message.context}\u0004{key}"]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
        elif key in translations:
            value = translations[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
        else:
            missing.append(key)
    catalogue.fuzzy = False
    with open(po_path, "wb") as handle:
        write_po(handle, catalogue, width=100)
    for key in missing:
        print(f"missing: {key!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
