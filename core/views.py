"""The health endpoints (core/health.py says what each one checks and why)."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import database_ready, health_report


@never_cache
@require_GET
def live(request):
    """200 while the process answers: no database, no cache, nothing that can hang."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    """The load balancer's check: 200 while the database answers, else 503."""
    database = database_ready()
    status = 200 if database["status"] == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "fail", "checks": {"database": database}}, status=status)


@never_cache
@require_GET
def healthz(request):
    """Every part's state and latency within 3 s; 503 only when the database does not answer."""
    report = health_report()
    return JsonResponse(report, status=503 if report["status"] == "fail" else 200)
