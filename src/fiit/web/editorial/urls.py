"""Editorial URLs, included under /editorial/ (every one needs a login: fiit.web.access.require_login).

editorial-recommendations, -recommendation-new, -recommendation-edit, -recommendation-delete: edit_recommendations
editorial-quotes, editorial-quote-approve, editorial-quote-withdraw: approve_quote
"""

from __future__ import annotations

from django.urls import path

from fiit.web.editorial import quotes, recommendations

urlpatterns = [
    path("recommendations/", recommendations.recommendation_list, name="editorial-recommendations"),
    path("recommendations/new/", recommendations.recommendation_new, name="editorial-recommendation-new"),
    path("recommendations/<int:pk>/edit/", recommendations.recommendation_edit, name="editorial-recommendation-edit"),
    path("recommendations/<int:pk>/delete/", recommendations.recommendation_delete,
         name="editorial-recommendation-delete"),
    path("quotes/", quotes.quote_list, name="editorial-quotes"),
    path("quotes/<uuid:uid>/approve/", quotes.quote_approve, name="editorial-quote-approve"),
    path("quotes/<uuid:uid>/withdraw/", quotes.quote_withdraw, name="editorial-quote-withdraw"),
]
