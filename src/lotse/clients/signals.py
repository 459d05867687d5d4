"""Signals the clients app sends for writes that bypass model signals."""

from django.dispatch import Signal

# Sent inside the merge transaction, before the records move, with ``source`` and ``target``:
# the merge moves rows with ``QuerySet.update``, which sends no save signal.
files_merging = Signal()
