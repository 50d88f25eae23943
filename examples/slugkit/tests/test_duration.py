from slugkit.duration import Duration


class TestDuration:
    class TestUnits:
        def test_seconds(self):
            """DUR-1: plain units."""
            assert Duration.parse("90s").seconds == 90

        def test_combined(self):
            assert Duration.parse("1h30m").seconds == 5400
