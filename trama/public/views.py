from django.shortcuts import render


def home(request):
    return render(request, "public/home.html")


def project_list(request):
    return render(request, "public/home.html")


def contacts(request):
    return render(request, "public/home.html")
