"""The competition's part of the public-page cache (core/pagecache.py): an edition, its categories,
awards, timeline, rubric and form are on the home page, the edition's pages and the showcase, so a
change of any of them is a new version of every public page. Staff make these changes, rarely."""

from core import pagecache

from .models import Category, Criterion, Cycle, Dimension, Milestone, Prize, Rubric, Section
from .models_form import Field


def _changed(instance) -> None:
    pagecache.changed(site=True)


def connect() -> None:
    pagecache.connect(_changed, [Cycle, Category, Prize, Milestone, Rubric, Dimension, Criterion, Section, Field])
