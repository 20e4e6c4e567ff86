"""What documents removes when a cycle's retention ends (see submissions.retention): the PDFs of its
applications, score sheets, summaries and committee books, and the official letters of the
applications not kept, files included (an agency files its letters in its own e-saraban system). Certificates stay with
their PDFs and verification codes: they are the winners' public record (/verify/<code>/)."""

from django.db.models import Q

from submissions.retention import Purge, keeper, purger

from .enums import DocumentKind
from .models import Certificate, Document, Letter


@keeper
def certified(cycle):
    return Certificate.objects.filter(prize__cycle=cycle).values_list("application_id", flat=True)


@purger
def purge_documents(purge: Purge) -> None:
    cycle = purge.cycle
    about_the_cycle = Q(application__cycle=cycle) | Q(assignment__round__cycle=cycle) | Q(round__cycle=cycle)
    documents = Document.objects.filter(about_the_cycle).exclude(kind=DocumentKind.CERTIFICATE)
    purge.forget_files(documents, "file")
    purge.delete(documents)


@purger
def purge_letters(purge: Purge) -> None:
    letters = Letter.objects.filter(cycle=purge.cycle).exclude(application_id__in=purge.kept)
    purge.forget_files(letters, "file")
    purge.delete(letters)
