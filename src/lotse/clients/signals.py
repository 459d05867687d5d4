"""Signals the clients app sends for writes that bypass model signals."""

from django.dispatch import Signal

# Sent inside the merge transaction, before the records move, with ``source`` and ``target``:
# the merge moves rows with ``QuerySet.update``, which sends no save signal.
files_merging = Signal()

# Sent inside ``transfer_accept``'s transaction, after the file and its open cases have moved,
# with ``client``, ``transfer``, ``from_team_id``, ``to_team`` and ``by`` (the accepting lead).
# Apps that keep team-bound records of a file (the office's open tasks) move them here; a
# receiver may answer with a dict of counts, which the transfer's audit entries record. A
# receiver that raises undoes the whole acceptance.
file_transferred = Signal()
