"""What documents removes when a cycle's retention ends (see submissions.retention): the PDFs of its
applications, score sheets, summaries and committee books, files included. Certificates stay with
their PDFs and verification codes: they are the winners' public record (/verify/<code>/)."""

from django.db.models import Q

from submissions.retention import Purge, keeper, purger

from .enums import DocumentKind
from .models import Certificate, Document


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
