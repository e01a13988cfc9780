"""Storage: Django models and migrations, the one place that knows tables."""
