"""Product pictures over the real server, SQLite and PostgreSQL: PNGs of the asked size, ETag
revalidation, problems for what does not exist, and a fitting picture for every item.

Colours are checked the way a person would see them: a rose bouquet shows red, orange juice
orange, bottled water blue; the thresholds are written out here, not read from the palette.
"""

from __future__ import annotations

import io
import struct
from typing import Any

from PIL import Image

from catalog.pictures import is_fallback, picture_for, render_png
from tests.api.conftest import Shopper

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The spoken names of CONTRACTS section 2: fifteen products, fifteen different pictures.
SPOKEN_NAMES = (
    "Latte",
    "Americano",
    "Flat White",
    "Cappuccino",
    "Green Tea",
    "Croissant",
    "Blueberry Muffin",
    "Bottled Water",
    "Orange Juice",
    "Phone Charger",
    "Windshield Washer Fluid",
    "Car Wash",
    "EV Charging Session",
    "Roses",
    "Sandwich",
)


def _item(shopper: Shopper, title: str) -> dict[str, Any]:
    found = [t for t in shopper.search(title)["items"] if t["title"] == title]
    assert found, f"{title} is not in the catalog"
    return found[0]


def _png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == PNG_SIGNATURE, body[:16]
    width, height = struct.unpack(">II", body[16:24])  # IHDR comes first
    return width, height


def _share(body: bytes, test: Any) -> float:
    """The share of the picture's pixels for which `test(r, g, b)` holds."""
    image = Image.open(io.BytesIO(body)).convert("RGB")
    pixels = list(image.getdata())
    return sum(1 for p in pixels if test(*p)) / len(pixels)


def test_item_picture_is_a_png_of_the_asked_size(shopper: Shopper) -> None:
    latte = _item(shopper, "Latte")
    assert latte["image_url"] == f"/api/v1/items/{latte['id']}/image"
    response = shopper.http.get(f"/items/{latte['id']}/image")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert _png_size(response.content) == (128, 128)
    for size in (64, 256):
        sized = shopper.http.get(f"/items/{latte['id']}/image", params={"size": size})
        assert _png_size(sized.content) == (size, size)
    assert shopper.item(latte["id"])["image_url"] == latte["image_url"]


def test_etag_revalidation_answers_304_without_a_body(shopper: Shopper) -> None:
    item_id = _item(shopper, "Croissant")["id"]
    first = shopper.http.get(f"/items/{item_id}/image")
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    cache_control = first.headers["cache-control"]
    assert "public" in cache_control and "max-age=86400" in cache_control
    again = shopper.http.get(f"/items/{item_id}/image", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    listed = shopper.http.get(
        f"/items/{item_id}/image", headers={"If-None-Match": f'"other", W/{etag}'}
    )
    assert listed.status_code == 304
    stale = shopper.http.get(f"/items/{item_id}/image", headers={"If-None-Match": '"old"'})
    assert stale.status_code == 200 and stale.content == first.content
    bigger = shopper.http.get(f"/items/{item_id}/image", params={"size": 256})
    assert bigger.headers["etag"] != etag


def test_unknown_item_bad_size_and_no_token_are_problems(shopper: Shopper) -> None:
    missing = shopper.http.get("/items/999999/image")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["detail"] == "no item 999999"
    item_id = _item(shopper, "Latte")["id"]
    odd = shopper.http.get(f"/items/{item_id}/image", params={"size": 100})
    assert odd.status_code == 422
    assert "64, 128, 256" in odd.json()["detail"]
    anonymous = shopper.http.get(f"/items/{item_id}/image", headers={"Authorization": ""})
    assert anonymous.status_code == 401


def test_the_spoken_names_have_fifteen_different_pictures(shopper: Shopper) -> None:
    etags = {}
    for title in SPOKEN_NAMES:
        response = shopper.http.get(f"/items/{_item(shopper, title)['id']}/image")
        assert response.status_code == 200
        etags[title] = response.headers["etag"]
    assert len(set(etags.values())) == len(SPOKEN_NAMES), etags


def test_pictures_show_the_colour_of_the_product(shopper: Shopper) -> None:
    def picture(title: str) -> bytes:
        return shopper.http.get(f"/items/{_item(shopper, title)['id']}/image").content

    red = _share(picture("Roses"), lambda r, g, b: r > 170 and g < 90 and b < 110)
    assert red > 0.10, red
    orange = _share(picture("Orange Juice"), lambda r, g, b: r > 200 and 110 < g < 180 and b < 90)
    assert orange > 0.06, orange
    blue = _share(picture("Bottled Water"), lambda r, g, b: b > 150 and b > r + 50)
    assert blue > 0.05, blue
    green = _share(picture("EV Charging Session"), lambda r, g, b: g > 150 and g > r + 60)
    assert green > 0.01, green


def test_the_same_picture_comes_out_byte_for_byte(shopper: Shopper) -> None:
    served = shopper.http.get(f"/items/{_item(shopper, 'Latte')['id']}/image").content
    assert served == render_png(picture_for("Latte", "coffee-tea"))


def test_every_seeded_item_has_its_own_kind_of_picture(shopper: Shopper) -> None:
    """All 300 items: a PNG each, and none drawn as the unknown-product shopping bag."""
    items: list[dict[str, Any]] = []
    while len(items) < 300:
        page = shopper.http.get("/items", params={"limit": 100, "offset": len(items)}).json()
        assert page["items"], "the catalog ended early"
        items += page["items"]
    unknown = [i["title"] for i in items if is_fallback(picture_for(i["title"], i["category"]))]
    assert unknown == []
    for item in items[::7]:
        response = shopper.http.get(item["image_url"].removeprefix("/api/v1"))
        assert response.status_code == 200, item
        assert _png_size(response.content) == (128, 128)


def test_services_by_appointment_have_pictures(shopper: Shopper) -> None:
    services = shopper.http.get("/services").json()["services"]
    etags = set()
    for service in services:
        response = shopper.http.get(service["image_url"].removeprefix("/api/v1"))
        assert response.status_code == 200, service
        assert _png_size(response.content) == (128, 128)
        etags.add((service["kind"], response.headers["etag"]))
    kinds = {kind for kind, _ in etags}
    assert len({etag for _, etag in etags}) == len(kinds), "one picture per kind of service"
    assert shopper.http.get("/services/999999/image").status_code == 404


def test_vehicle_models_have_car_pictures(shopper: Shopper) -> None:
    model = shopper.http.get("/models").json()["models"][0]
    assert model["image_url"] == f"/api/v1/models/{model['id']}/image"
    model_id = model["id"]
    response = shopper.http.get(f"/models/{model_id}/image", params={"size": 256})
    assert response.status_code == 200
    assert _png_size(response.content) == (256, 256)
    assert shopper.http.get("/models/999999/image").status_code == 404
