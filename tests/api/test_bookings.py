"""Services by appointment end to end (CONTRACTS section 8), on SQLite and on PostgreSQL:
the seeded services and models, slots in Shanghai time over 14 days, booking, replay,
cancelling, rescheduling, the store clock, bad input and privacy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.api.booking_helpers import (
    EXPLORER,
    MACH_E,
    MINHANG_TEST_DRIVE,
    MONDEO,
    PUDONG_TEST_DRIVE,
    SHANGHAI,
    SPARKLE_CAR_WASH,
    VOLTUP_CHARGING,
    XUHUI_MAINTENANCE,
    book,
    booked_in,
    free_slots,
    key,
    local_start,
    shanghai_today,
    slot,
    slots,
    store_now,
    written,
)
from tests.api.conftest import Shopper

SERVICES = [
    (1, "test_drive", "Test drive at Changan Ford Pudong", "长安福特浦东店新车试驾",
     "Changan Ford Pudong 4S Store", 60, 0.0),
    (2, "test_drive", "Test drive at Changan Ford Minhang", "长安福特闵行店新车试驾",
     "Changan Ford Minhang 4S Store", 60, 0.0),
    (3, "maintenance", "Regular maintenance", "常规保养", "Ford Service Xuhui", 90, 399.0),
    (4, "maintenance", "Oil change and inspection", "机油更换与检查", "Ford Service Baoshan",
     120, 459.0),
    (5, "car_wash", "Express car wash", "快速洗车", "Sparkle Auto Spa", 30, 49.0),
    (6, "car_wash", "Hand car wash", "精致手工洗车", "Crystal Car Wash Jing'an", 30, 39.0),
    (7, "ev_charging", "DC fast-charging bay, 30 minutes", "直流快充车位（30分钟）",
     "VoltUp Charging Hub", 30, 30.0),
    (8, "ev_charging", "Supercharging bay, 30 minutes", "超充车位（30分钟）",
     "State Grid Hongqiao Supercharging", 30, 35.0),
]  # fmt: skip
PUDONG, MINHANG = "Changan Ford Pudong 4S Store", "Changan Ford Minhang 4S Store"
MODELS = [
    (1, "Ford Explorer", "福特探险者", 299800.0, PUDONG, 0.0299),
    (2, "Ford Mustang Mach-E", "福特电马", 229900.0, PUDONG, 0.0),
    (3, "Ford Bronco", "福特烈马", 319800.0, PUDONG, 0.0499),
    (4, "Ford Mondeo", "福特蒙迪欧", 179800.0, MINHANG, 0.0399),
    (5, "Ford Territory", "福特领睿", 135800.0, MINHANG, 0.0199),
    (6, "Ford Edge L", "福特锐界L", 229800.0, MINHANG, 0.0349),
]
# A day's first start, last end and number of slots, from each shop's opening hours.
HOURS = {
    1: ("09:00", "18:00", 9),
    2: ("09:30", "17:30", 8),
    3: ("08:30", "17:30", 6),
    4: ("08:00", "18:00", 5),
    5: ("08:00", "20:00", 24),
    6: ("07:00", "22:00", 30),
    7: ("00:00", "00:00", 48),  # open around the clock: the last slot ends at midnight
    8: ("06:00", "00:00", 36),
}


def test_the_seed_has_the_services_and_models(shopper: Shopper) -> None:
    services = shopper.http.get("/services").json()["services"]
    listed = [
        (s["id"], s["kind"], s["title"], s["title_zh"], s["shop"], s["duration_min"], s["price"])
        for s in services
    ]
    assert listed == SERVICES
    drives = shopper.http.get("/services", params={"kind": "test_drive"}).json()["services"]
    assert [s["shop"] for s in drives] == [PUDONG, MINHANG]
    assert shopper.http.get("/services", params={"kind": "spa"}).status_code == 422
    models = shopper.http.get("/models").json()["models"]
    assert [(m["id"], m["name"], m["name_zh"], m["price"], m["dealer"], m["apr"])
            for m in models] == MODELS  # fmt: skip
    # The picture behind a model's image_url, fetched as a head unit would (with its token).
    picture = shopper.http.get(models[0]["image_url"].removeprefix("/api/v1"))
    assert picture.status_code == 200
    assert picture.headers["content-type"] == "image/png"
    assert picture.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_services_models_and_bookings_name_the_shop_in_chinese_too(shopper: Shopper) -> None:
    """`shop_zh` and `dealer_zh` (README extensions) beside the English names."""
    services = shopper.http.get("/services").json()["services"]
    assert [s["shop_zh"] for s in services] == [
        "长安福特浦东4S店",
        "长安福特闵行4S店",
        "福特徐汇授权服务站",
        "福特宝山授权服务站",
        "闪亮汽车美容",
        "晶亮洗车静安店",
        "伏特充电站",
        "国家电网虹桥超充站",
    ]
    models = shopper.http.get("/models").json()["models"]
    assert [m["dealer_zh"] for m in models] == ["长安福特浦东4S店"] * 3 + ["长安福特闵行4S店"] * 3
    (chosen,) = free_slots(shopper, PUDONG_TEST_DRIVE)
    booking = book(shopper, chosen["id"], EXPLORER).json()
    assert booking["service"]["shop_zh"] == "长安福特浦东4S店"
    assert booking["model"]["dealer_zh"] == "长安福特浦东4S店"
    listed = shopper.http.get("/bookings").json()["bookings"]
    (again,) = (b for b in listed if b["id"] == booking["id"])
    assert again["service"]["shop_zh"] == "长安福特浦东4S店"


def test_slots_follow_each_shops_hours_in_shanghai_time(shopper: Shopper) -> None:
    tomorrow = shanghai_today(shopper) + timedelta(days=1)
    for service_id, (first, last_end, count) in HOURS.items():
        day = slots(shopper, service_id, tomorrow)
        assert len(day) == count, service_id
        assert day[0]["start"] == f"{tomorrow}T{first}:00+08:00", service_id
        end_day = tomorrow + timedelta(days=1) if last_end == "00:00" else tomorrow
        assert day[-1]["end"] == f"{end_day}T{last_end}:00+08:00", service_id


def test_a_slot_at_half_past_eleven_at_night_is_on_its_shanghai_date(shopper: Shopper) -> None:
    """23:30 in Shanghai is 15:30 UTC the same day, but midnight to 08:00 in Shanghai is the
    previous day in UTC: each slot is listed under the date it starts on in Shanghai."""
    day = shanghai_today(shopper) + timedelta(days=2)
    next_day = day + timedelta(days=1)
    evening = slots(shopper, VOLTUP_CHARGING, day)
    assert evening[-1]["start"] == f"{day}T23:30:00+08:00"
    assert evening[-1]["end"] == f"{next_day}T00:00:00+08:00"
    assert all(s["start"].startswith(f"{day}T") for s in evening)
    after = slots(shopper, VOLTUP_CHARGING, next_day)
    assert after[0]["start"] == f"{next_day}T00:00:00+08:00"
    assert all(s["start"].startswith(f"{next_day}T") for s in after)
    assert {s["id"] for s in evening}.isdisjoint(s["id"] for s in after)


def test_the_next_fourteen_days_are_bookable_and_no_started_slot(shopper: Shopper) -> None:
    before = store_now(shopper)
    listed = slots(shopper, VOLTUP_CHARGING)
    after = store_now(shopper)
    today = before.astimezone(SHANGHAI).date()
    starts = [local_start(s) for s in listed]
    assert before < starts[0] <= after + timedelta(minutes=30)  # the next half hour
    assert starts == sorted(starts)
    assert {s.date() for s in starts} <= {today + timedelta(days=n) for n in range(14)}
    assert starts[-1].date() == today + timedelta(days=13)
    left_today = sum(1 for s in starts if s.date() == starts[0].date())
    assert len(listed) == left_today + (13 if starts[0].date() == today else 12) * 48
    assert slots(shopper, VOLTUP_CHARGING, today + timedelta(days=14)) == []
    assert slots(shopper, VOLTUP_CHARGING, today - timedelta(days=1)) == []
    for bad in ("2026-13-40", "tomorrow", "2026-1-5"):
        answer = shopper.http.get(f"/services/{VOLTUP_CHARGING}/slots", params={"date": bad})
        assert answer.status_code == 422, bad
        assert answer.headers["content-type"] == "application/problem+json"
    assert shopper.http.get("/services/999/slots").status_code == 404


def test_book_a_test_drive(shopper: Shopper) -> None:
    (chosen,) = free_slots(shopper, PUDONG_TEST_DRIVE)
    response = book(shopper, chosen["id"], EXPLORER, note="bring the kids")
    assert response.status_code == 201, response.text
    booking = response.json()
    assert booking["status"] == "booked"
    assert booking["service"]["kind"] == "test_drive"
    assert booking["service"]["shop"] == PUDONG
    assert booking["slot"] == {"id": chosen["id"], "start": chosen["start"], "end": chosen["end"]}
    assert booking["model"]["name"] == "Ford Explorer"
    assert booking["note"] == "bring the kids"
    assert booking["profile"] == "driver"
    assert booking["cancellable"] is True
    assert booking["price"] == 0.0
    assert [h["status"] for h in booking["history"]] == ["booked"]
    assert slot(shopper, PUDONG_TEST_DRIVE, chosen["id"])["capacity_left"] == 1
    assert shopper.http.get(f"/bookings/{booking['id']}").json() == booking
    mine = shopper.http.get("/bookings").json()["bookings"]
    assert booking["id"] in [b["id"] for b in mine]
    starts = [b["slot"]["start"] for b in mine]
    assert starts == sorted(starts)  # soonest first


def test_the_same_key_books_once(shopper: Shopper) -> None:
    (chosen,) = free_slots(shopper, SPARKLE_CAR_WASH)
    headers = key()
    first = book(shopper, chosen["id"], headers=headers)
    again = book(shopper, chosen["id"], headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    before = written(shopper)
    other_body = book(shopper, chosen["id"], headers=headers, note="another request")
    assert other_body.status_code == 422
    assert other_body.json()["type"].endswith("/idempotency-key-reused")
    no_key = shopper.http.post("/bookings", json={"slot_id": chosen["id"]})
    assert no_key.status_code == 400
    assert written(shopper) == before
    assert booked_in(shopper, chosen["id"]) == 1


def test_cancelling_frees_the_place(shopper: Shopper) -> None:
    (chosen,) = free_slots(shopper, MINHANG_TEST_DRIVE)  # one place
    first = book(shopper, chosen["id"], MONDEO).json()
    full = book(shopper, chosen["id"], MONDEO)
    assert full.status_code == 409
    assert full.json()["type"].endswith("/slot-full")
    cancelled = shopper.http.post(f"/bookings/{first['id']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancellable"] is False
    assert slot(shopper, MINHANG_TEST_DRIVE, chosen["id"])["capacity_left"] == 1
    twice = shopper.http.post(f"/bookings/{first['id']}/cancel")
    assert twice.status_code == 200
    assert [h["status"] for h in twice.json()["history"]] == ["booked", "cancelled"]
    assert slot(shopper, MINHANG_TEST_DRIVE, chosen["id"])["capacity_left"] == 1
    assert book(shopper, chosen["id"], MONDEO).status_code == 201
    assert booked_in(shopper, chosen["id"]) == 1


def test_reschedule_moves_the_booking_or_leaves_it_alone(shopper: Shopper) -> None:
    here, there, full = free_slots(shopper, SPARKLE_CAR_WASH, 3)
    booking = book(shopper, here["id"]).json()
    for _ in range(3):
        assert book(shopper, full["id"]).status_code == 201
    moved = shopper.http.post(
        f"/bookings/{booking['id']}/reschedule", json={"slot_id": there["id"]}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["slot"]["start"] == there["start"]
    assert moved.json()["status"] == "booked"
    assert slot(shopper, SPARKLE_CAR_WASH, here["id"])["capacity_left"] == 3
    assert slot(shopper, SPARKLE_CAR_WASH, there["id"])["capacity_left"] == 2

    before = written(shopper)
    refused = shopper.http.post(
        f"/bookings/{booking['id']}/reschedule", json={"slot_id": full["id"]}
    )
    assert refused.status_code == 409
    assert shopper.http.get(f"/bookings/{booking['id']}").json()["slot"]["id"] == there["id"]
    assert slot(shopper, SPARKLE_CAR_WASH, full["id"])["capacity_left"] == 0
    (charger,) = free_slots(shopper, VOLTUP_CHARGING)
    elsewhere = shopper.http.post(
        f"/bookings/{booking['id']}/reschedule", json={"slot_id": charger["id"]}
    )
    assert elsewhere.status_code == 422  # another service's slot
    assert written(shopper) == before
    assert [booked_in(shopper, s["id"]) for s in (here, there, full)] == [0, 1, 3]

    shopper.http.post(f"/bookings/{booking['id']}/cancel").raise_for_status()
    late = shopper.http.post(f"/bookings/{booking['id']}/reschedule", json={"slot_id": here["id"]})
    assert late.status_code == 409


def test_bad_bookings_are_refused_and_write_nothing(shopper: Shopper) -> None:
    (drive,) = free_slots(shopper, PUDONG_TEST_DRIVE)
    (service,) = free_slots(shopper, XUHUI_MAINTENANCE)
    before = written(shopper)
    cases = [
        ({"slot_id": 2_000_000_000}, 422, "unknown-slot"),
        ({"slot_id": drive["id"], "model_id": MONDEO}, 422, "model-not-at-dealer"),
        ({"slot_id": drive["id"]}, 422, "model-required"),
        ({"slot_id": drive["id"], "model_id": 99}, 422, "unknown-model"),
        ({"slot_id": service["id"], "model_id": EXPLORER}, 422, "model-not-applicable"),
        ({"slot_id": service["id"], "note": "nul\x00"}, 422, "validation-error"),
        ({"slot_id": "12"}, 422, "validation-error"),
    ]
    for body, status, kind in cases:
        response = shopper.http.post("/bookings", json=body, headers=key())
        assert response.status_code == status, (body, response.text)
        assert response.json()["type"].endswith(f"/{kind}"), (body, response.text)
    assert written(shopper) == before


def test_a_started_slot_is_refused_then_checked_in_then_done(shopper: Shopper) -> None:
    """The store clock moves the booking on: checked in when the slot starts, done when it
    ends; once started it can be neither booked, cancelled nor moved."""
    # The next slot with a place left: near midnight in Shanghai the very next one may be the
    # slot that test_booking_capacity filled as tomorrow's first.
    first = _next_with_places(shopper, VOLTUP_CHARGING)
    booking = book(shopper, first["id"])
    assert booking.status_code == 201, booking.text
    booking_id = booking.json()["id"]
    lead = (local_start(first) - store_now(shopper)).total_seconds()
    shopper.advance_clock(lead + 1)
    before = written(shopper)
    late = book(shopper, first["id"])
    assert late.status_code == 409
    assert late.json()["type"].endswith("/slot-started")
    assert shopper.http.post(f"/bookings/{booking_id}/cancel").status_code == 409
    other = _next_with_places(shopper, VOLTUP_CHARGING)
    moved = shopper.http.post(f"/bookings/{booking_id}/reschedule", json={"slot_id": other["id"]})
    assert moved.status_code == 409
    assert first["id"] not in [s["id"] for s in slots(shopper, VOLTUP_CHARGING)]
    now = shopper.http.get(f"/bookings/{booking_id}").json()
    assert now["status"] == "checked_in"
    assert now["cancellable"] is False
    bookings, history, keys, taken = before
    assert written(shopper) == (bookings, history + 1, keys, taken)  # only the check-in
    shopper.advance_clock(30 * 60)
    done = shopper.http.get(f"/bookings/{booking_id}").json()
    assert [h["status"] for h in done["history"]] == ["booked", "checked_in", "done"]
    assert done["status"] == "done"


def test_a_booking_is_private_to_its_vehicle_and_profile(
    shopper: Shopper, other_vehicle: Shopper
) -> None:
    (chosen,) = free_slots(shopper, PUDONG_TEST_DRIVE)
    booking_id = book(shopper, chosen["id"], MACH_E).json()["id"]
    passenger = Shopper(shopper.server, "passenger")
    try:
        for stranger in (other_vehicle, passenger):
            assert stranger.http.get(f"/bookings/{booking_id}").status_code == 404
            cancel = stranger.http.post(f"/bookings/{booking_id}/cancel")
            assert cancel.status_code == 404
            assert cancel.headers["content-type"] == "application/problem+json"
            moved = stranger.http.post(
                f"/bookings/{booking_id}/reschedule", json={"slot_id": chosen["id"]}
            )
            assert moved.status_code == 404
            mine = stranger.http.get("/bookings").json()["bookings"]
            assert booking_id not in [b["id"] for b in mine]
    finally:
        passenger.close()
    assert shopper.http.get(f"/bookings/{booking_id}").json()["status"] == "booked"


def _next_with_places(shopper: Shopper, service_id: int) -> dict[str, Any]:
    return next(s for s in slots(shopper, service_id) if s["capacity_left"] > 0)
