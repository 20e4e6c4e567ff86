from django.utils.functional import SimpleLazyObject

from .selectors import organiser_frame


def organiser(request):
    """The organiser that frames every page (base.html's header and footer). Read only when a template
    asks: error pages do not, so that they render without the database."""
    return {"organiser_frame": SimpleLazyObject(organiser_frame)}
