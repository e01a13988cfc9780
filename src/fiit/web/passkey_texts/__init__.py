"""The sentences of django-otp-webauthn's passkey scripts in fiit's languages (a Django app holding only
translations: Django's JavaScript catalogue reads the ``locale`` folder of the apps it is given).

Its djangojs.po files are compiled with fiit's own (``python -m fiit.web.compile_messages``).
"""
