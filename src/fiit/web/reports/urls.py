"""Report URLs (included under /reports/). Required actions: see views.py and the names below.

report-index, report-comparative, report-country, report-file: view_reports
report-download-comparative, report-download-country: build_reports (country scope for a country lead):
    the internal edition (k = 5)
report-public-comparative, report-public-country: view_reports: the public edition (k = 10)
"""

from django.urls import path

from fiit.web.reports import views

urlpatterns = [
    path("", views.report_index, name="report-index"),
    path("comparative/", views.report_comparative, name="report-comparative"),
    path("comparative.<str:fmt>", views.download_comparative, name="report-download-comparative"),
    path("country/<str:code>/", views.report_country, name="report-country"),
    path("country/<str:code>.<str:fmt>", views.download_country, name="report-download-country"),
    path("public/comparative.<str:fmt>", views.download_public_comparative, name="report-public-comparative"),
    path("public/country/<str:code>.<str:fmt>", views.download_public_country, name="report-public-country"),
    path("files/<str:name>", views.prepared_file, name="report-file"),
]
