"""Analysts limited to several countries: an analyst's one country (0007 and before) becomes their one limit."""

from django.db import migrations, models


def country_to_limits(apps, schema_editor):
    Profile = apps.get_model("fiit", "Profile")
    for profile in Profile.objects.filter(role="analyst").exclude(country=None):
        profile.countries.add(profile.country_id)
        profile.country = None
        profile.save(update_fields=["country"])


def limits_to_country(apps, schema_editor):
    Profile = apps.get_model("fiit", "Profile")
    for profile in Profile.objects.filter(role="analyst"):
        codes = sorted(profile.countries.values_list("code", flat=True))
        if len(codes) > 1:  # the older schema cannot say it: refuse rather than widen their access
            raise RuntimeError(f"analyst profile {profile.pk} is limited to {codes}: limit it to one country first")
        if len(codes) == 1:
            profile.country_id = codes[0]
            profile.save(update_fields=["country"])


class Migration(migrations.Migration):

    dependencies = [
        ('fiit', '0008_sealed_totp_secrets'),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='countries',
            field=models.ManyToManyField(blank=True, related_name='+', to='fiit.country'),
        ),
        migrations.RunPython(country_to_limits, limits_to_country),
    ]
