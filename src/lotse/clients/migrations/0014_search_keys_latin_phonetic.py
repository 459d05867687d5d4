"""Search tokens by Latin transliteration and by sound for the files that exist.

New and changed files get them from ``services.clients``; this writes them once for every file
written before (and the phonetic key again: scripts other than Latin, Cyrillic and Arabic are
now transliterated instead of dropped). ``lotse search_keys_rebuild`` does the same on demand.
Another helper's 0013 will come before this one; it only needs 0012's tables.
"""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from lotse.clients.services.clients import search_keys_rebuild

    search_keys_rebuild(
        client_model=apps.get_model("clients", "Client"),
        token_model=apps.get_model("clients", "ClientSearchToken"),
    )


class Migration(migrations.Migration):
    dependencies = [("clients", "0013_client_list_keyset_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
