"""An upload handler that stops reading a file as soon as it is larger than an attachment may be.

Django's own handlers keep reading whatever the client sends (to memory up to
FILE_UPLOAD_MAX_MEMORY_SIZE, then to a temporary file), so without this a 2 GB upload would fill the
disk before any view could refuse it. Put it first, before request.POST or request.FILES is read:

    handler = MaxSizeUploadHandler(request)
    request.upload_handlers.insert(0, handler)

It passes every chunk on unchanged, so the usual handlers still decide memory or temporary file.
After a stop the file is missing from request.FILES, `handler.exceeded` is True and
`handler.file_name` (set by Django's ``new_file``) still names the file, for the refusal.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class MaxSizeUploadHandler(FileUploadHandler):
    def __init__(self, request=None, max_bytes: int | None = None):
        super().__init__(request)
        self.max_bytes = settings.ATTACHMENT_MAX_BYTES if max_bytes is None else max_bytes
        self.exceeded = False
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = start + len(raw_data)
        if self.received > self.max_bytes:
            self.exceeded = True
            # connection_reset=False: Django reads and discards the rest of the body without storing
            # it, so the browser gets our page with the size message instead of a reset connection.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        # The next handler (memory or temporary file) builds the UploadedFile.
        return None

    @property
    def request_size(self) -> int:
        """The body's length as the client declared it: the best estimate of a stopped file's size."""
        try:
            declared = int(self.request.META.get("CONTENT_LENGTH") or 0) if self.request else 0
        except ValueError:
            declared = 0
        return max(declared, self.received)
