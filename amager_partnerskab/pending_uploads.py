"""Uploaded files waiting between an import's preview and its confirm or cancel.

The file lies in the media imports folder of its kind of import; the session remembers it
per partnership under a random token, which the preview page posts back. Nothing here
knows what the file holds: each import reads it, and keeps its own check values (what the
preview promised) beside the path in the same session entry.
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

# Long enough for any preview someone is still looking at; sessions last at most 8 hours.
STALE_AFTER = timedelta(days=1)


class PendingUploads:
    """The pending uploads of one kind of import: `session_key` in the session, files in `folder`.

    Uploads are kept per partnership (any saved model with a ``slug``): one pending file each.
    """

    def __init__(self, *, session_key, folder):
        self.session_key = session_key
        self.folder = folder

    def store(self, request, partnership, upload, **checks):
        """Save `upload`, remember it as the partnership's pending upload and return the entry.

        The entry holds `token`, `path`, `name` (the file name as uploaded, without folders)
        and `checks`. A pending upload the partnership already had is forgotten, and files in
        the folder older than :data:`STALE_AFTER` are deleted, whoever left them.
        """
        self.remove_stale()
        self.forget(request, partnership)
        name = PurePath(upload.name).name
        path = default_storage.save(
            f"{self.folder}/{uuid.uuid4().hex}{PurePath(name).suffix.lower()}", upload
        )
        entry = {"token": uuid.uuid4().hex, "path": path, "name": name, **checks}
        self.remember(request, partnership, entry)
        return entry

    def confirm_or_cancel(self, request, partnership, confirm, *, upload_url, cancelled_url):
        """Answer the preview page's confirm or cancel POST for the partnership.

        ``confirm(request, partnership, entry)`` makes the confirm's response. An unknown or
        expired token, a cancel, and a file removed as stale each get their Danish message
        and a redirect (to the URL names ``upload_url`` or ``cancelled_url``, given the
        partnership's slug); nothing is saved then.
        """
        entry = self.find(request, partnership, request.POST.get("token"))
        if entry is None:
            messages.error(request, _("Forhåndsvisningen er udløbet. Vælg filen igen."))
            return redirect(upload_url, partnership.slug)
        if request.POST["action"] == "cancel":
            self.forget(request, partnership)
            messages.info(request, _("Indlæsningen er annulleret; intet er gemt."))
            return redirect(cancelled_url, partnership.slug)
        try:
            # Two confirms of one preview at once (a double click, two tabs): the second
            # waits for the first, then finds the file spent or the data changed.
            type(partnership)._default_manager.select_for_update().filter(pk=partnership.pk).exists()
            with transaction.atomic():
                return confirm(request, partnership, entry)
        except IntegrityError:
            # SQLite takes no row lock: the database's constraints refuse the second import.
            self.forget(request, partnership)
            messages.error(
                request,
                _(
                    "Filen er allerede indlæst, mens du bekræftede. Se resultatet herunder; intet er gemt to gange."
                ),
            )
            return redirect(cancelled_url, partnership.slug)
        except FileNotFoundError:
            # Removed as stale: the preview was left open for more than a day.
            self.forget(request, partnership)
            messages.error(request, _("Den indlæste fil findes ikke længere. Vælg filen igen."))
            return redirect(upload_url, partnership.slug)

    def find(self, request, partnership, token):
        """The partnership's pending entry if `token` is its token, else None."""
        entry = request.session.get(self.session_key, {}).get(partnership.slug)
        if entry is None or not token or token != entry["token"]:
            return None
        return entry

    def remember(self, request, partnership, entry):
        """Keep `entry` (after its check values changed) as the partnership's pending upload."""
        entries = request.session.get(self.session_key, {})
        entries[partnership.slug] = entry
        request.session[self.session_key] = entries

    def open(self, entry):
        """The stored file for reading; raises FileNotFoundError when it has been removed."""
        return default_storage.open(entry["path"], "rb")

    def forget(self, request, partnership):
        """Drop the partnership's pending upload from the session and delete its file."""
        entries = request.session.get(self.session_key, {})
        entry = entries.pop(partnership.slug, None)
        if entry is not None:
            default_storage.delete(entry["path"])
            request.session[self.session_key] = entries

    def remove_stale(self):
        """Delete files in the folder older than :data:`STALE_AFTER`: previews nobody confirmed
        or cancelled would otherwise stay forever."""
        try:
            _folders, files = default_storage.listdir(self.folder)
        except FileNotFoundError:
            return
        oldest_kept = timezone.now() - STALE_AFTER
        for file_name in files:
            path = f"{self.folder}/{file_name}"
            try:
                if default_storage.get_modified_time(path) < oldest_kept:
                    default_storage.delete(path)
            except FileNotFoundError:
                # Confirmed, cancelled or cleaned by another request meanwhile.
                continue
