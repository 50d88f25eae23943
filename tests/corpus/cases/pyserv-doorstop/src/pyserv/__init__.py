"""Small file servers (HTTP and TFTP) and a timer that calls a function again and again."""

import threading


class RepeatTimer:
    """Call a function every `interval` seconds on a background timer until stopped."""

    def __init__(self, interval, function, *args):
        self.interval = interval
        self.function = function
        self.args = args
        self.is_running = False
        self.start()

    def _run(self):
        self.is_running = False
        self.start()
        self.function(*self.args)

    def start(self):
        """Arm the timer, unless it is armed already."""
        if not self.is_running:
            self._timer = threading.Timer(self.interval, self._run)
            self._timer.start()
            self.is_running = True

    def stop(self):
        """Disarm the timer."""
        self._timer.cancel()
        self.is_running = False
