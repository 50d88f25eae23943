from pyserv import RepeatTimer


def rt_target():
    """
    Nothing to do: the test only watches the timer's state.
    """


def test_repeat_timer():
    """
    The timer arms on creation, disarms on stop and re-arms; partially verifies TUI_005.
    """
    timer = RepeatTimer(1.0, rt_target)
    assert timer.is_running
    timer.stop()
    assert not timer.is_running
    timer.start()
    assert timer.is_running
    timer.stop()
