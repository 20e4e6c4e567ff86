"""The embedded default broker: kombu's file-system transport, with every message written whole.

kombu writes a message straight under its final name, so a worker polling the queue folder can take
the file before its content is in it (or after its writer was killed halfway), fail to decode it and
stop: the message is lost and the worker is gone. Here a message is written under a name the queue
ignores and renamed to its final name once complete; a rename within one folder is atomic, so a
worker finds a whole message or none. A writer killed halfway leaves only its ``.part`` file.

Settings name it ``awardsfs://`` when REDIS_URL is not set (config/celery.py registers the scheme);
production uses Redis.
"""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.json import dumps

SCHEME = "awardsfs"
PARTIAL = ".part"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        # kombu's naming: workers take the files ending in ".<queue>.msg" in name order (oldest first).
        body = dumps(payload).encode()
        final = os.path.join(self.data_folder_out, f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg")
        try:
            with open(final + PARTIAL, "wb") as file:
                file.write(body)
            os.replace(final + PARTIAL, final)
        except OSError as error:
            raise ChannelError(f"Cannot add file {final!r} to directory") from error


class Transport(filesystem.Transport):
    Channel = Channel
