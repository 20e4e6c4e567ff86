"""The judges' area's view decorator (the predicates it and the views use are in judging/rules.py)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from accounts.rules import is_judge


def judge_required(view):
    """Logged in (else the log-in page) and a judge (else 404)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_judge(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
