"""Settings of the Popular Vote bench only (bench/vote.py): the project's production settings with
the bench's URLconf, which adds the two comparison views. Production never loads this module, so
those views are not reachable there."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.vote_urls"
