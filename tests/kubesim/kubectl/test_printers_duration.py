"""AGE cells read exactly as kubectl's duration.HumanDuration writes them."""

from datetime import UTC, datetime

import pytest

from kubesim.kubectl.printers.duration import age, as_datetime, format_time, human_duration

MINUTE, HOUR, DAY, YEAR = 60, 3600, 86400, 365 * 86400


@pytest.mark.parametrize(("seconds", "text"), [
    (-5, "<invalid>"), (-2, "<invalid>"), (-1.5, "0s"), (-1, "0s"), (0, "0s"), (0.9, "0s"), (45, "45s"),
    (119, "119s"), (120, "2m"), (125, "2m5s"), (9 * MINUTE + 59, "9m59s"), (10 * MINUTE, "10m"),
    (10 * MINUTE + 30, "10m"), (3 * HOUR - 1, "179m"), (3 * HOUR, "3h"), (3 * HOUR + 5 * MINUTE, "3h5m"),
    (8 * HOUR - 1, "7h59m"), (8 * HOUR + 5 * MINUTE, "8h"), (47 * HOUR, "47h"), (2 * DAY, "2d"),
    (2 * DAY + 3 * HOUR, "2d3h"), (8 * DAY - 1, "7d23h"), (8 * DAY + 5 * HOUR, "8d"), (729 * DAY, "729d"),
    (2 * YEAR, "2y"), (2 * YEAR + 30 * DAY, "2y30d"), (8 * YEAR + 100 * DAY, "8y"), (20 * YEAR, "20y"),
])
def test_it_formats_durations_like_kubectl(seconds, text):
    assert human_duration(seconds) == text


def test_it_computes_ages_from_the_virtual_clock():
    now = datetime(2026, 1, 1, 0, 5, 7, tzinfo=UTC)
    assert age("2026-01-01T00:00:00Z", now) == "5m7s"
    assert age("2026-01-01T00:00:00Z", now.timestamp()) == "5m7s"
    assert age(None, now) == "<unknown>"


def test_it_writes_api_timestamps():
    assert format_time(as_datetime(0)) == "1970-01-01T00:00:00Z"
    assert format_time(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00Z"
