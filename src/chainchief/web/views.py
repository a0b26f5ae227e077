from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def cockpit(request):
    return render(request, "web/cockpit.html", {"nav": "cockpit"})
