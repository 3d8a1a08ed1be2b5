"""Site-wide views that belong to no app."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def bench_ping(request):
    """The cheapest Django response (full middleware, no database, no template): the
    baseline `bench/run.py` compares page throughput with. Routed only when
    ``DJANGO_BENCH=1``."""
    return HttpResponse("ok", content_type="text/plain")
