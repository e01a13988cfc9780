"""The web app: Django views, templates and static files over the core."""
