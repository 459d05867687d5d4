"""Client documents in the shell: the client-file tab and the erasure hook."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lotse.clients.tabs import client_tab
from lotse.privacy.registry import erasure_hook

from .services import destroy_client_documents

client_tab("documents", _("Documents"), "clientdoc_list", order=25)
erasure_hook("client_documents", destroy_client_documents)
