from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one line naming the problem."""
