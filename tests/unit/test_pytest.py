"""Tests as pytest sees them: its configuration decides the test files and test names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trine.config import TrineConfig
from trine.parsers.pytest_config import PytestConfig, pytest_config
from trine.project import CheckResult, make_host
from trine.session import FileChanged, Session
from workspaces import write_workspace

Workspace = Callable[..., CheckResult]

SPEC = """
//- SPEC.md
# Generator

- **GEN-1** The generator MUST make widgets.
"""

GENERATOR = """
//- src/pkg/test_generator.py
def generate():
    '''GEN-1: widgets, made.'''
    return 1
//- src/pkg/tests/test_inside.py
def test_inside():
    pass
"""

CONFIGURED = """
//- tests/check_gen.py
from pkg.test_generator import generate


def check_generate():
    '''GEN-1: a widget is made.'''
    assert generate() == 1


def test_not_collected():
    pass


class DescribeGenerator:
    def check_again(self):
        generate()


class TestNotCollected:
    def check_skipped(self):
        pass
//- tests/conftest.py
def test_helper_in_conftest():
    pass
//- tests/test_plain.py
def test_plain_name():
    pass
"""


PYTHON_FILES = """
//- pyproject.toml
[tool.pytest.ini_options]
python_files = ["check_*.py"]
//- src/pkg/check_widgets.py
def test_widgets():
    '''GEN-1'''
"""


def _tests(result: CheckResult) -> set[str]:
    return set(result.graph.tests)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pytest.ini", "[pytest]\ntestpaths = tests\n"),
        (".pytest.ini", "[pytest]\ntestpaths = tests\n"),
        ("pyproject.toml", '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'),
        ("tox.ini", "[tox]\nenvlist = py3\n[pytest]\ntestpaths = tests\n"),
        ("setup.cfg", "[metadata]\nname = pkg\n[tool:pytest]\ntestpaths =\n    tests\n"),
    ],
)
def test_module_named_like_a_test_outside_testpaths_is_code(
    workspace: Workspace, name: str, text: str
) -> None:
    """TEST-5: with `testpaths` in any of pytest's files, `src/pkg/test_generator.py` is code
    (its function implements GEN-1), and a test module outside testpaths holds no tests."""
    result = workspace(SPEC + GENERATOR + f"//- {name}\n{text}")
    assert result.graph.implemented_by["GEN-1"] == ["src/pkg/test_generator.py::generate"]
    assert _tests(result) == set()
    assert "src/pkg/tests/test_inside.py::test_inside" in result.graph.symbols


def test_without_pytest_configuration_the_usual_names_are_tests(workspace: Workspace) -> None:
    """TEST-5: no pytest configuration (a pyproject.toml without its section): test_*.py
    files anywhere are tests, as before."""
    result = workspace(SPEC + GENERATOR + "//- pyproject.toml\n[project]\nname = 'pkg'\n")
    assert _tests(result) == {"src/pkg/tests/test_inside.py::test_inside"}
    assert "GEN-1" not in result.graph.implemented_by


def test_configured_names_decide_the_tests(workspace: Workspace) -> None:
    """TEST-6: `python_files`, `python_functions` and `python_classes` decide the test items;
    a conftest.py and a module pytest would not collect hold none, and a call in a collected
    test still tests the clause its callee implements."""
    config = (
        "//- pytest.ini\n[pytest]\ntestpaths = tests\npython_files = check_*.py\n"
        "python_functions = check\npython_classes = Describe*\n"
    )
    result = workspace(SPEC + GENERATOR + CONFIGURED + config)
    assert _tests(result) == {
        "tests/check_gen.py::check_generate",
        "tests/check_gen.py::DescribeGenerator::check_again",
    }
    assert result.graph.tested_by["GEN-1"] == [
        "tests/check_gen.py::DescribeGenerator::check_again",
        "tests/check_gen.py::check_generate",
    ]
    assert "tests/conftest.py::test_helper_in_conftest" not in result.graph.symbols


def test_python_files_without_testpaths_name_test_files_anywhere(workspace: Workspace) -> None:
    """TEST-5: without `testpaths`, a module `python_files` names is a test file wherever it
    is; a `test_*.py` module outside the test folders that it does not name is code."""
    result = workspace(SPEC + GENERATOR + PYTHON_FILES)
    assert _tests(result) == {"src/pkg/check_widgets.py::test_widgets"}
    assert result.graph.tested_by["GEN-1"] == ["src/pkg/check_widgets.py::test_widgets"]
    assert result.graph.implemented_by["GEN-1"] == ["src/pkg/test_generator.py::generate"]


def test_trine_tests_setting_wins_over_pytest(workspace: Workspace) -> None:
    """TEST-5: a configured `tests` says where tests are; pytest's testpaths do not move it."""
    config = TrineConfig(tests=["**/test_*.py"])
    result = workspace(SPEC + GENERATOR + "//- pytest.ini\n[pytest]\ntestpaths = tests\n", config)
    assert _tests(result) == {"src/pkg/tests/test_inside.py::test_inside"}
    assert "GEN-1" not in result.graph.implemented_by


def test_first_file_with_a_pytest_section_wins() -> None:
    """TEST-5: pytest.ini wins even when empty; a tox.ini without `[pytest]` is passed over,
    and an unreadable file falls back to pytest's defaults."""
    files = {"pytest.ini": "", "pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["t"]'}
    assert pytest_config(files.get) == PytestConfig()
    files = {"tox.ini": "[tox]\n", "setup.cfg": "[tool:pytest]\npython_files = a_*.py b_*.py\n"}
    assert pytest_config(files.get) == PytestConfig(python_files=("a_*.py", "b_*.py"))
    assert pytest_config({"pyproject.toml": "[tool.pytest"}.get) is None
    assert pytest_config({}.get) is None


SPELLED = """
//- SPEC.md
# Login

- **API-FR-LOGIN** Users MUST log in.
- **FR-001** Sessions MUST expire.
- **FR-1** The first rule.
- **FR-1.2** A rule with a longer id.
- **req-7b8e6597** Tokens MUST rotate.
//- tests/test_named.py
def test_api_fr_login_works():
    pass


def test_fr_001_expiry():
    pass


def test_req_7b8e6597_rotation():
    pass


def test_fr_1_2_longest():
    pass


def test_fr_001_and_fr_1():
    pass


def test_login_without_id():
    pass
"""


def test_name_that_spells_one_id_verifies_it(workspace: Workspace) -> None:
    """TEST-7: a test name spelling one declared id verifies it, inferred; a name that spells
    two ids links neither, and an id inside a longer spelled id does not count."""
    graph = workspace(SPELLED).graph
    verifies = {
        (link.source.partition("::")[2], link.target, link.evidence)
        for link in graph.links
        if link.kind == "verifies"
    }
    assert verifies >= {
        ("test_api_fr_login_works", "API-FR-LOGIN", "inferred"),
        ("test_fr_001_expiry", "FR-001", "inferred"),
        ("test_fr_1_2_longest", "FR-1.2", "inferred"),
    }
    assert ("test_req_7b8e6597_rotation", "req-7b8e6597") in {(s, t) for s, t, _ in verifies}
    linked = {source for source, _, _ in verifies}
    assert "test_fr_001_and_fr_1" not in linked
    assert "test_login_without_id" not in linked


def test_spelled_id_follows_its_declaration(workspace: Workspace, tmp_path: Path) -> None:
    """TEST-7: an edit to the spec re-links the tests named after its ids: the link goes with
    the declaration, and comes back with it."""
    result = workspace(SPELLED)
    host = make_host(tmp_path, TrineConfig())
    host.scan()
    test = "tests/test_named.py::test_api_fr_login_works"
    host.set_text("SPEC.md", "# Login\n\n- **FR-001** Sessions MUST expire.\n")
    assert test not in host.graph().tested_by.get("API-FR-LOGIN", [])
    host.set_text("SPEC.md", "# Login\n\n- **API-FR-LOGIN** Users MUST log in.\n")
    assert host.graph().tested_by["API-FR-LOGIN"] == [test]
    assert result.graph.tested_by["API-FR-LOGIN"] == [test]


FIXTURES = """
//- SPEC.md
# Clients

- **CLI-1** A client MUST fetch.
- **CLI-2** A server MUST fetch too.
- **CLI-3** A session MUST fetch as well.
//- app/client.py
class Client:
    def get(self):
        '''CLI-1'''


class Server:
    def get(self):
        '''CLI-2'''


class Session:
    def get(self):
        '''CLI-3'''
//- tests/conftest.py
import pytest
from app.client import Client, Session


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def session() -> Iterator[Session]:
    yield make_session()
//- tests/api/test_api.py
from app.client import Server


@pytest.fixture(scope="module", name="server")
def server_fixture() -> "Server":
    return start()


def test_client_fetches(client):
    client.get()


def test_server_fetches(server):
    server.get()


def test_session_fetches(session):
    session.get()


def test_unknown_fixture(other):
    other.get()
"""


def test_calls_on_fixtures_reach_their_type(workspace: Workspace) -> None:
    """TEST-8: a call on a parameter reaches the method of the fixture's class: by the class
    a conftest.py fixture returns, by a return annotation in the test's file (a fixture named
    by `name=`), by the class in an `Iterator[...]` annotation; a parameter no fixture gives links nothing (three `get`
    methods: no unique name)."""
    graph = workspace(FIXTURES).graph
    test = "tests/api/test_api.py::"
    assert graph.tested_by["CLI-1"] == [test + "test_client_fetches"]
    assert graph.tested_by["CLI-2"] == [test + "test_server_fetches"]
    assert graph.tested_by["CLI-3"] == [test + "test_session_fetches"]
    assert graph.symbols_of_test(test + "test_unknown_fixture") == []


def test_fixture_edit_relinks_its_tests(workspace: Workspace, tmp_path: Path) -> None:
    """TEST-8: when the conftest.py fixture changes its class, the tests using it follow."""
    workspace(FIXTURES)
    host = make_host(tmp_path, TrineConfig())
    host.scan()
    conftest = (tmp_path / "tests" / "conftest.py").read_text()
    host.set_text("tests/conftest.py", conftest.replace("return Client()", "return Session()"))
    test = "tests/api/test_api.py::test_client_fetches"
    assert host.graph().tested_by.get("CLI-1", []) == []
    assert test in host.graph().tested_by["CLI-3"]


def test_a_new_pytest_configuration_reindexes(tmp_path: Path) -> None:
    """TEST-5: in a live session, writing pytest's configuration re-reads it and re-indexes:
    a module named like a test outside the new testpaths turns into code."""
    write_workspace(tmp_path, SPEC + GENERATOR)
    session = Session(tmp_path)
    session.scan()
    assert "src/pkg/tests/test_inside.py::test_inside" in session.host.graph().tests
    (tmp_path / "setup.cfg").write_text("[tool:pytest]\ntestpaths = tests\n")
    session.apply(FileChanged("setup.cfg"))
    assert session.needs_index
    session.scan()
    graph = session.host.graph()
    assert graph.tests == {}
    assert graph.implemented_by["GEN-1"] == ["src/pkg/test_generator.py::generate"]


COLOCATED = """
//- pyproject.toml
[tool.pytest.ini_options]
testpaths = ["src"]
//- src/pkg/widgets.py
def make():
    '''GEN-1'''
//- src/pkg/test_widgets.py
from pkg.widgets import make


def test_make():
    make()
"""


def test_code_beside_its_tests_in_testpaths_stays_code(workspace: Workspace) -> None:
    """TEST-5: with tests beside the code (`testpaths = ["src"]`), only the modules pytest
    collects are tests; the code next to them still implements its clauses."""
    graph = workspace(SPEC + COLOCATED).graph
    assert graph.implemented_by["GEN-1"] == ["src/pkg/widgets.py::make"]
    assert graph.tested_by["GEN-1"] == ["src/pkg/test_widgets.py::test_make"]
