"""Interview capture in the browser: list, new interview, consent, the form, autosave, finalise, withdraw."""
