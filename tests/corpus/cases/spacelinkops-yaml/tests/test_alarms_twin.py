from spacelinkops.alarms import AlarmMonitor, LimitDefinition
from spacelinkops.twin import DigitalTwin


def test_alarm_debounce_and_acknowledgement():
    monitor = AlarmMonitor([LimitDefinition("temp", high=60, debounce_samples=2)])
    assert not monitor.ingest("temp", 70, 0)["active"]
    assert monitor.ingest("temp", 70, 1)["active"]
    assert monitor.acknowledge("temp")["acknowledged"]


def test_stale_detection():
    monitor = AlarmMonitor([LimitDefinition("battery", stale_after_s=10)])
    monitor.ingest("battery", 28, 0)
    assert monitor.stale(11) == ["battery"]


def test_critical_fault_enters_safe_mode():
    twin = DigitalTwin()
    twin.inject_fault("battery_undervoltage")
    assert twin.mode == "SAFE"
