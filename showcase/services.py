"""Changes to the showcase: the search words of an application, and staff's curation (audited)."""

from accounts.audit import record_event
from submissions.enums import ENTERED_STATUSES
from submissions.models import Application
from submissions.published import published_answers

from . import search
from .models import Solution


def index(application: Application) -> Solution | None:
    """Store the words an entered application is found by (drafts are never shown: not indexed): its
    title, organisation, province and category, and its public answers only while the organisation
    consents (a withdrawal re-cuts them, so a withheld summary no longer finds it)."""
    if application.status not in ENTERED_STATUSES:
        return None
    organisation = application.organisation
    words = search.index_text(
        application.title_th,
        application.title_en,
        *_public_texts(application),
        organisation.name,
        organisation.name_en,
        organisation.province.name_th,
        organisation.province.name_en,
        application.category.name_th,
        application.category.name_en,
    )
    solution, _created = Solution.objects.update_or_create(application=application, defaults={"words": words})
    return solution


def _public_texts(application: Application) -> list[str]:
    """The public answers' texts, read on a copy of the application from the database: the questions
    read are remembered on its cycle object, which must not be the caller's (it may add questions
    after saving)."""
    fresh = Application.objects.select_related("cycle").get(pk=application.pk)
    return [item.text for item in published_answers([fresh])[fresh.pk]]


def curate(*, solution: Solution, featured: bool, hidden: bool, position: int, by, request=None) -> Solution:
    stored = Solution.objects.get(pk=solution.pk)
    before = {"featured": stored.featured, "hidden": stored.hidden, "position": stored.position}
    solution.featured, solution.hidden, solution.position = featured, hidden, position
    solution.save(update_fields=["featured", "hidden", "position", "updated_at"])
    after = {"featured": featured, "hidden": hidden, "position": position}
    record_event(
        actor=by,
        action="showcase.curate",
        target=solution.application,
        detail={"before": before, "after": after},
        request=request,
    )
    return solution
