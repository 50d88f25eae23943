from pyserv.tui_helpers import TFTPD_ENV, get_env, get_w_env, update_log_lines

LOG = "\n".join(f"2025-01-01 10:00:{n:02d} UTC INFO tftpd event {n}" for n in range(8)) + "\n"


def test_get_env():
    """
    Each daemon name gets its defaults, an unknown one none; verifies TUI_002.
    """
    for name in ("httpdaemon", "serv", "tftpdaemon", "atftpdaemon"):
        assert "PORT" in get_env(name)
    assert get_env("nothing") == {}


def test_get_w_env():
    """
    Only the settings with a field in the TUI are kept.
    """
    shown = get_w_env(TFTPD_ENV)
    assert shown["PORT"] == "9069" and "LPNAME" not in shown


def test_get_log_lines(tmp_path):
    """
    The whole of a short log is shown, dates cut off; partially verifies TUI_005.
    """
    log = tmp_path / "a.log"
    log.write_text(LOG, encoding="utf-8")
    lines = update_log_lines(str(log), shorten=3)
    assert len(lines) == 8 and lines[0].startswith("INFO")


def test_get_log_num_lines(tmp_path):
    """
    Only the last lines asked for are shown; partially verifies TUI_005.
    """
    log = tmp_path / "b.log"
    log.write_text(LOG, encoding="utf-8")
    assert update_log_lines(str(log), num_lines=5)[0].endswith("event 3")


def test_get_log_no_lines(tmp_path):
    """
    A log that does not exist yet shows nothing; partially verifies TUI_005.
    """
    assert update_log_lines(str(tmp_path / "missing.log"), num_lines=5) == []
