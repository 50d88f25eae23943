"""What the daemon TUI needs: each daemon's default settings and the tail of its log."""

from pathlib import Path

HTTPD_ENV = {"DEBUG": "0", "PORT": "8080", "IFACE": "0.0.0.0", "LPNAME": "httpd", "DOCROOT": "."}
TFTPD_ENV = {"DEBUG": "0", "PORT": "9069", "IFACE": "0.0.0.0", "LPNAME": "tftpd", "DOCROOT": "."}
WIDGET_KEYS = ("DEBUG", "PORT", "IFACE")


def get_w_env(env):
    """The settings the TUI shows a field for."""
    return {key: value for key, value in env.items() if key in WIDGET_KEYS}


def get_env(name):
    """A daemon's default settings, chosen by the start of its name."""
    if name.startswith(("httpd", "serv")):
        return dict(HTTPD_ENV)
    if name.startswith(("tftpd", "atftpd")):
        return dict(TFTPD_ENV, LPNAME=name.removesuffix("aemon"))
    return {}


def update_log_lines(fname, shorten=0, num_lines=10):
    """The last `num_lines` lines of a log, each without its first `shorten` words."""
    path = Path(fname)
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8", errors="ignore").splitlines()[-num_lines:]
    return [line.split(" ", shorten)[-1] for line in lines if line]
