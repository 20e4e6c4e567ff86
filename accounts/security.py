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


def login_paused_response(request, until):
    """The page a person sees when their account's log-ins are paused (accounts.login_limit): when
    to try again, and the password reset, which is never paused."""
    from django.shortcuts import render

    from core.formats import local_date, local_time

    context = {"until_time": local_time(until), "until_date": local_date(until)}
    return render(request, "accounts/login_paused.html", context, status=429)


def client_ip(request) -> str | None:
    """The client's address for lock-outs: behind TRUSTED_PROXY_COUNT proxies it is that entry from
    the right of X-Forwarded-For (the same rule allauth's rate limits follow), else REMOTE_ADDR."""
    from django.conf import settings

    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if count and len(hops) >= count:
        return hops[-count]
    return request.META.get("REMOTE_ADDR")
