"""The team's editorial work in the web app: recommendations with their evidence, and quote approval.

A thin shell over :mod:`fiit.db.editorial`. Who may do what comes from the
permission table (``fiit.db.access``): ``edit_recommendations`` and
``approve_quote``. A country lead reaches only their own country's
recommendations and quotes; anything else is a 404.
"""
