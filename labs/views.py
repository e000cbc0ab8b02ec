from django.shortcuts import render


def index(request):
    return render(request, "labs/index.html")


def sandbox(request):
    return render(request, "labs/sandbox.html")
