"""fiit's database backends: Django's, with what fiit needs added (see each module)."""
