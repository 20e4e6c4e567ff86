from django.db import migrations


def load_provinces(apps, schema_editor):
    from submissions.provinces import PROVINCES

    Province = apps.get_model("submissions", "Province")
    for province in PROVINCES:
        Province.objects.update_or_create(
            code=province.code,
            defaults={"name_th": province.name_th, "name_en": province.name_en, "region": province.region},
        )


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_initial")]
    operations = [migrations.RunPython(load_provinces, migrations.RunPython.noop)]
