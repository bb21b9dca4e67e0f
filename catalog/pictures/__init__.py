"""Product pictures: project-made SVG drawings, one per product family, tinted per item.

`picture_for(title, category)` says what an item looks like, `PictureCache` turns it into PNG
bytes (rendered once, kept as files in the data dir), `model_picture` and `service_picture`
draw a vehicle model and a service by appointment.
The drawings in `svg/` are made for this project and licensed with it (Apache-2.0).
"""

from catalog.pictures.cache import PictureCache, picture_key
from catalog.pictures.choose import is_fallback, model_picture, picture_for, service_picture
from catalog.pictures.render import DEFAULT_SIZE, SIZES, Picture, families, render_png

__all__ = [
    "DEFAULT_SIZE",
    "SIZES",
    "Picture",
    "PictureCache",
    "families",
    "is_fallback",
    "model_picture",
    "picture_for",
    "picture_key",
    "render_png",
    "service_picture",
]
