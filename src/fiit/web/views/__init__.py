"""The pages of fiit: each a thin call into the core plus a template."""
