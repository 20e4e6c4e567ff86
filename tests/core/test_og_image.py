"""Open Graph pictures draw with Sarabun in production too, before ``collectstatic`` has filled the
collected folder (a production ``seed_demo`` on a new machine draws the demo's pictures first)."""

import io

from django.test import override_settings
from PIL import Image

from core.og_image import font, og_png
from core.static_files import find_static


def test_the_font_is_found_before_collectstatic_with_the_production_storage(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    font.cache_clear()
    with override_settings(STORAGES=storages, STATIC_ROOT=str(tmp_path)):
        assert find_static("fonts/sarabun/Sarabun-Bold.ttf") is None  # nothing collected yet
        drawn = font("Bold", 20)
    font.cache_clear()
    assert drawn.getname()[0] == "Sarabun"


def test_a_picture_is_1200_by_630():
    picture = Image.open(io.BytesIO(og_png(heading="รางวัลขวัญใจประชาชน", title="ระบบเตือนภัยน้ำท่วม", footer="2569")))
    assert picture.size == (1200, 630)
