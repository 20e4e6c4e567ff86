def attempted_email(request, credentials) -> str | None:
    """The e-mail address a log-in attempt was for, whichever form sent it (django-axes counts
    failures per address and IP). allauth calls it ``email`` or ``login``, Django's admin ``username``."""
    for source in (credentials or {}, getattr(request, "POST", None) or {}):
        for key in ("email", "login", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return None


def lockout_response(request, original_response, credentials):
    """The page a locked-out person sees, in their language, saying how long the lock lasts."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
