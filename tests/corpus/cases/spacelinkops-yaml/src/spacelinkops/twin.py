"""A toy spacecraft that goes to SAFE mode on its own when a critical fault appears."""


class DigitalTwin:
    CRITICAL = {"battery_undervoltage", "overtemperature", "radio_failure"}

    def __init__(self):
        self.mode = "NOMINAL"
        self.events = []

    def inject_fault(self, name):
        self.events.append(("FAULT", name))
        if name in self.CRITICAL and self.mode != "SAFE":
            self.mode = "SAFE"
            self.events.append(("ENTER_SAFE_MODE", name))
