"""Where an application stands once decided, as the applicant area and admin name it: a finalist
(shortlisted), a winner (a decision in force names it), else its status.

A winner stays ``shortlisted`` in its status column (``judging.services.decisions.finalise_prize``
records a decision, not a status): the decision says it won. Submissions sits below judging and
imports nothing of it; the decisions are reached through the reverse relation that judging's
``Decision`` declares on ``Application`` (``decisions``), as the call page reaches them from a prize.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.enums import Phase
from awards.selectors import current_phase

from .enums import FINALIST_STATUSES, ApplicationStatus
from .models import Application


@dataclass(frozen=True)
class Standing:
    key: str  # the status badge's class (status-<key>)
    label: str


def with_win(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Each application annotated ``won``: whether a decision in force (not withdrawn) names it."""
    decision = Application._meta.get_field("decisions").related_model
    in_force = decision.objects.filter(application=OuterRef("pk"), withdrawn_at__isnull=True)
    return applications.annotate(won=Exists(in_force))


def standing(application: Application, *, won: bool, results_public: bool = True) -> Standing:
    """The application's standing. ``results_public=False`` (the applicant's own pages before the
    results are announced) keeps a winner a finalist, as the public results page does."""
    winner = won or application.status == ApplicationStatus.AWARDED
    if winner and results_public:
        return Standing(ApplicationStatus.AWARDED, pgettext_lazy("application standing", "Winner"))
    if application.status in FINALIST_STATUSES:
        return Standing(ApplicationStatus.SHORTLISTED, _("Finalist"))
    return Standing(application.status, application.get_status_display())


def applicant_standing(application: Application) -> Standing:
    """The standing an applicant reads (``application`` annotated by ``with_win``, its cycle's
    milestones prefetched): "winner" only once the edition's results are announced."""
    public = current_phase(application.cycle) == Phase.RESULTS
    return standing(application, won=getattr(application, "won", False), results_public=public)
