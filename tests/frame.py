"""For tests that compare two pages' query counts."""

from documents.selectors import organiser_frame


def keep_organiser_frame() -> None:
    """Read the organiser that frames every page now, so that it is kept (documents.selectors.
    organiser_frame) before both pages are counted: the first page would otherwise read it and the
    second not, and the two would be counted unalike. Call it after the test's data is made (a saved
    edition renews what is kept)."""
    organiser_frame()
