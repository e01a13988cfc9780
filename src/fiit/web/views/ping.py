"""``/ping/``: the smallest Django view, open to anyone — a health check for a load balancer,
and the floor the load benchmark (bench/bench_load.py) sets fiit's pages beside."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


@login_not_required
def ping(request):
    return HttpResponse("ok", content_type="text/plain")
