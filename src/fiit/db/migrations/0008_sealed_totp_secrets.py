"""Authenticator secrets sealed with the vault: the new table, then django-otp's clear devices moved into it.

Each clear ``otp_totp.TOTPDevice`` becomes a ``SealedTOTPDevice`` with the same secret and parameters,
sealed under the key file's current key; the clear row is then deleted (on SQLite with
``secure_delete`` on, so the freed page is overwritten rather than left holding the hex secret).
A database holding clear devices needs the key file to migrate (FIIT_KEY_FILE, or the one the
command was given): without it the migration stops and says so rather than leaving secrets in clear.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models

FIELDS = ("name", "confirmed", "step", "t0", "digits", "tolerance", "drift", "last_t",
          "throttling_failure_timestamp", "throttling_failure_count", "created_at", "last_used_at")


def seal_clear_devices(apps, schema_editor):
    clear = apps.get_model("otp_totp", "TOTPDevice")
    sealed = apps.get_model("fiit", "SealedTOTPDevice")
    devices = list(clear.objects.all())
    if not devices:
        return
    from binascii import unhexlify

    from fiit.db.errors import NoKeyFile
    from fiit.db.keys import current_keyfile
    from fiit.vault import seal_secret

    try:
        keyfile = current_keyfile()
    except NoKeyFile as exc:
        raise NoKeyFile(f"This database holds {len(devices)} authenticator-app secret(s) in clear: give the "
                        "key file (FIIT_KEY_FILE) to the migration so it can seal them.") from exc
    for device in devices:
        row = sealed(user_id=device.user_id, key_id=keyfile.current_id,
                     **{name: getattr(device, name) for name in FIELDS})
        row.sealed_secret = seal_secret(keyfile.current, unhexlify(device.key.encode()),
                                        owner=f"totp:{row.uid}", key_id=keyfile.current_id)
        row.save()
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")  # overwrite the freed pages that held the hex keys
    clear.objects.filter(pk__in=[d.pk for d in devices]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('fiit', '0007_finding_kind_conclusion'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('otp_totp', '0003_add_timestamps'),
    ]

    operations = [
        migrations.CreateModel(
            name='SealedTOTPDevice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, help_text='A timestamp of the last failed verification attempt. Null if last attempt succeeded.', null=True)),
                ('throttling_failure_count', models.PositiveIntegerField(default=0, help_text='Number of successive failed attempts.')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='The date and time when this device was initially created in the system.', null=True)),
                ('last_used_at', models.DateTimeField(blank=True, help_text='The most recent date and time this device was used.', null=True)),
                ('uid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('key_id', models.CharField(max_length=64)),
                ('sealed_secret', models.BinaryField()),
                ('step', models.PositiveSmallIntegerField(default=30)),
                ('t0', models.BigIntegerField(default=0)),
                ('digits', models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)),
                ('tolerance', models.PositiveSmallIntegerField(default=1)),
                ('drift', models.SmallIntegerField(default=0)),
                ('last_t', models.BigIntegerField(default=-1)),
                ('user', models.ForeignKey(help_text='The user that this device belongs to.', on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'authenticator app (sealed secret)',
                'abstract': False,
            },
        ),
        migrations.RunPython(seal_clear_devices, migrations.RunPython.noop),
    ]
