"""Configuration: defaults, where settings are read from, and the errors bad settings give."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from trine.analysis.registry import RULES
from trine.config import ConfigError, TrineConfig, load_config
from trine.index.workspace import Classifier
from trine.parsers.ids import IdMatcher
from trine.parsers.specs import spec_formats
from trine.project import layout_of


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _error(root: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    return str(caught.value)


# CFG-1: zero configuration


def test_no_configuration_file_gives_defaults(tmp_path: Path) -> None:
    """CFG-1: a workspace with no trine.toml and no pyproject.toml gets the default settings."""
    config, source = load_config(tmp_path)
    assert source is None
    assert config == TrineConfig()
    assert config.exclude == []
    assert config.severity == {}
    assert config.max_file_size >= 1_000_000


def test_pyproject_without_tool_trine_gives_defaults(tmp_path: Path) -> None:
    """CFG-1: a pyproject.toml with no [tool.trine] table is not a configuration."""
    _write(
        tmp_path / "pyproject.toml", '[project]\nname = "demo"\n\n[tool.ruff]\nline-length = 99\n'
    )
    config, source = load_config(tmp_path)
    assert source is None
    assert config == TrineConfig()


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("SPEC.md", "spec"),
        ("spec/intro.md", "spec"),
        ("spec/deep/er/parts.md", "spec"),
        ("specs/api.md", "spec"),
        ("docs/spec/core.md", "spec"),
        ("docs/specs/cli/flags.md", "spec"),
        ("tests/test_parser.py", "test"),
        ("tests/helpers.py", "test"),
        ("test/unit/check.py", "test"),
        ("pkg/test_inline.py", "test"),
        ("pkg/inline_test.py", "test"),
        ("pkg/module.py", "code"),
        ("src/pkg/deep/module.py", "code"),
        ("setup.py", "code"),
        ("README.md", None),
        ("docs/guide.md", None),
        ("pkg/data.json", None),
        ("notes.txt", None),
    ],
)
def test_default_layout_classifies_files(path: str, role: str | None) -> None:
    """CFG-1: default globs make specs, tests and code of a typical repository."""
    assert Classifier(layout_of(TrineConfig())).role(path) == role


def test_default_layout_reads_markdown_extension_under_spec() -> None:
    """CFG-1: a Markdown file under spec/** with the .markdown extension is a spec by default."""
    assert Classifier(layout_of(TrineConfig())).role("spec/intro.markdown") == "spec"


def test_default_id_pattern_is_usable() -> None:
    """CFG-1: the default id_pattern finds ids such as REQ-12 and DUR-3.1 without configuration."""
    text = "see REQ-12 and DUR-3.1, but not utf-8"
    found = [m.group(0) for m in IdMatcher(TrineConfig().id_pattern).tokens(text)]
    assert found == ["REQ-12", "DUR-3.1"]


# CFG-2: where settings are read from


def test_pyproject_tool_trine_table_is_read(tmp_path: Path) -> None:
    """CFG-2: every key can be set in [tool.trine] of pyproject.toml."""
    _write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "demo"

        [tool.trine]
        spec = ["requirements/**/*.md"]
        code = ["src/**/*.py"]
        tests = ["checks/**"]
        exclude = ["vendor/**"]
        id_pattern = 'R\\d+'
        max_file_size = 1234

        [tool.trine.severity]
        untraced-symbol = "info"
        """,
    )
    config, source = load_config(tmp_path)
    assert source == tmp_path / "pyproject.toml"
    assert config.spec == ["requirements/**/*.md"]
    assert config.code == ["src/**/*.py"]
    assert config.tests == ["checks/**"]
    assert config.exclude == ["vendor/**"]
    assert config.id_pattern == r"R\d+"
    assert config.max_file_size == 1234
    assert config.severity == {"untraced-symbol": "info"}
    assert config.severity_of("untraced-symbol") == "info"


def test_trine_toml_is_read(tmp_path: Path) -> None:
    """CFG-2: a trine.toml holds the same keys at its top level."""
    _write(
        tmp_path / "trine.toml",
        'exclude = ["build/**"]\nmax_file_size = 99\n\n[severity]\norphan-test = "error"\n',
    )
    config, source = load_config(tmp_path)
    assert source == tmp_path / "trine.toml"
    assert config.exclude == ["build/**"]
    assert config.max_file_size == 99
    assert config.severity_of("orphan-test") == "error"
    assert config.spec == TrineConfig().spec


def test_trine_toml_wins_over_pyproject(tmp_path: Path) -> None:
    """CFG-2: when both files configure trine, trine.toml is used and pyproject.toml ignored."""
    _write(tmp_path / "pyproject.toml", '[tool.trine]\nexclude = ["from-pyproject/**"]\n')
    _write(tmp_path / "trine.toml", 'exclude = ["from-trine-toml/**"]\n')
    config, source = load_config(tmp_path)
    assert source == tmp_path / "trine.toml"
    assert config.exclude == ["from-trine-toml/**"]


def test_explicit_file_is_used(tmp_path: Path) -> None:
    """CFG-2: an explicitly named configuration file is used instead of the workspace's files."""
    _write(tmp_path / "trine.toml", 'exclude = ["workspace/**"]\n')
    explicit = _write(tmp_path / "ci-trine.toml", 'exclude = ["explicit/**"]\n')
    config, source = load_config(tmp_path, explicit)
    assert source == explicit
    assert config.exclude == ["explicit/**"]


def test_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    """CFG-3: naming a configuration file that does not exist is an error naming that file."""
    with pytest.raises(ConfigError, match=r"nowhere\.toml"):
        load_config(tmp_path, tmp_path / "nowhere.toml")


def test_configuration_changes_what_is_indexed(tmp_path: Path, workspace) -> None:
    """CFG-2: the spec and code globs of a configuration decide which files are read."""
    result = workspace(
        """
        //- requirements/main.md
        - **REQ-1** The tool MUST run.
        //- SPEC.md
        - **OLD-1** Not a spec under this configuration.
        //- src/app.py
        def run():
            \"\"\"REQ-1\"\"\"
        //- checks/verify.py
        def test_run():
            \"\"\"REQ-1\"\"\"
        """,
        spec=["requirements/**/*.md"],
        tests=["checks/**"],
    )
    assert set(result.graph.clauses) >= {"REQ-1"}
    assert "OLD-1" not in result.graph.clauses
    assert result.graph.implemented_by["REQ-1"] == ["src/app.py::run"]
    assert result.graph.tested_by["REQ-1"] == ["checks/verify.py::test_run"]


# CFG-3: errors name the file and the key


@pytest.mark.parametrize("where", ["trine.toml", "pyproject.toml"])
@pytest.mark.parametrize(
    ("body", "key", "detail"),
    [
        ('spek = ["SPEC.md"]', "spek", "unknown key"),
        ('spec = "x"', "spec", "list"),
        ("exclude = [1]", "exclude", "string"),
        ('id_pattern = "[A-"', "id_pattern", "regular expression"),
        ('id_pattern = "X?"', "id_pattern", "empty string"),
        ('id_pattern = "[A-Z]*"', "id_pattern", "empty string"),
        ('[severity]\nno-such-rule = "error"', "severity", "no-such-rule"),
        ('[severity]\nfile-problem = "loud"', "file-problem", "loud"),
        ('severity = "off"', "severity", "dictionary"),
        ("max_file_size = 0", "max_file_size", "greater"),
    ],
)
def test_bad_value_error_names_file_and_key(
    tmp_path: Path, where: str, body: str, key: str, detail: str
) -> None:
    """CFG-3: a bad value gives one error that names the configuration file and the key."""
    if where == "pyproject.toml":
        body = "[tool.trine]\n" + body.replace("[severity]", "[tool.trine.severity]")
    _write(tmp_path / where, body + "\n")
    message = _error(tmp_path)
    assert where in message
    assert key in message
    assert detail in message
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize("value", ["true", '"5000"'])
def test_wrong_scalar_type_is_an_error(tmp_path: Path, value: str) -> None:
    """CFG-3: a boolean or string given for max_file_size is a wrong type, not coerced."""
    _write(tmp_path / "trine.toml", f"max_file_size = {value}\n")
    message = _error(tmp_path)
    assert "trine.toml" in message
    assert "max_file_size" in message


def test_unknown_rule_error_lists_the_rules(tmp_path: Path) -> None:
    """CFG-3: an unknown rule name in [tool.trine.severity] is named, with the valid rules."""
    _write(tmp_path / "pyproject.toml", '[tool.trine.severity]\nunknown-refs = "off"\n')
    message = _error(tmp_path)
    assert "pyproject.toml" in message
    assert "severity" in message
    assert "unknown-refs" in message
    assert "unknown-reference" in message


def test_an_empty_metadata_label_is_an_error(tmp_path: Path) -> None:
    """DRIFT-13: a blank `since_ignore` label, which would make every line metadata, is refused."""
    _write(tmp_path / "trine.toml", 'since_ignore = ["Status:", " "]\n')
    message = _error(tmp_path)
    assert "since_ignore" in message
    assert "every line metadata" in message


@pytest.mark.parametrize("where", ["trine.toml", "pyproject.toml"])
def test_broken_toml_names_the_file(tmp_path: Path, where: str) -> None:
    """CFG-3: a file that is not valid TOML gives an error naming the file."""
    _write(tmp_path / where, "[tool.trine]\nspec = [\n")
    message = _error(tmp_path)
    assert where in message
    assert "TOML" in message


def test_several_bad_keys_are_each_named(tmp_path: Path) -> None:
    """CFG-3: with two bad keys, the error names both, each with the file."""
    _write(tmp_path / "trine.toml", 'spec = "x"\nbogus = 1\n')
    message = _error(tmp_path)
    lines = message.splitlines()
    assert any("spec" in line for line in lines)
    assert any("bogus" in line for line in lines)
    assert all("trine.toml" in line for line in lines)


# CFG-4: severities


@pytest.mark.parametrize("rule", sorted(RULES))
@pytest.mark.parametrize("severity", ["error", "warning", "info", "hint", "off"])
def test_every_rule_accepts_every_severity(tmp_path: Path, rule: str, severity: str) -> None:
    """CFG-4: every rule's severity can be set to error, warning, info, hint or off."""
    _write(tmp_path / "trine.toml", f'[severity]\n{rule} = "{severity}"\n')
    config, _ = load_config(tmp_path)
    assert config.severity_of(rule) == (None if severity == "off" else severity)


def test_rules_keep_their_defaults_when_unset() -> None:
    """CFG-4: a rule not named in severity keeps its default (off rules stay off)."""
    config = TrineConfig()
    for code, rule in RULES.items():
        expected = None if rule.default == "off" else rule.default
        assert config.severity_of(code) == expected
    assert config.severity_of("untraced-symbol") is None
    assert config.severity_of("unknown-reference") == "error"


def test_severity_off_silences_a_rule(workspace) -> None:
    """CFG-4: a rule set to off gives no diagnostics, one set to hint gives hints."""
    result = workspace(
        """
        //- SPEC.md
        - **REQ-1** It MUST work.
        //- pkg/a.py
        def f():
            \"\"\"REQ-1 and REQ-2\"\"\"
        //- tests/test_other.py
        def test_other():
            pass
        """,
        severity={"unknown-reference": "off", "untested-clause": "hint"},
    )
    codes = {(d.code, d.severity) for d in result.diagnostics}
    assert codes == {("untested-clause", "hint")}


# TrineConfig.merged (editor settings over the file)


def test_merged_replaces_keys_and_merges_severity() -> None:
    """CFG-2: merged overrides replace keys and add to the file's severity table."""
    base = TrineConfig(exclude=["a/**"], severity={"orphan-test": "warning"})
    merged = base.merged(
        {"exclude": ["b/**"], "severity": {"untraced-symbol": "info"}, "max_file_size": 10},
        "editor settings",
    )
    assert merged.exclude == ["b/**"]
    assert merged.max_file_size == 10
    assert merged.severity == {"orphan-test": "warning", "untraced-symbol": "info"}
    assert base.exclude == ["a/**"]
    assert base.severity == {"orphan-test": "warning"}


def test_merged_severity_override_wins_for_same_rule() -> None:
    """CFG-4: an override for a rule the file already sets replaces that rule's severity."""
    base = TrineConfig(severity={"orphan-test": "warning"})
    merged = base.merged({"severity": {"orphan-test": "off"}}, "editor settings")
    assert merged.severity_of("orphan-test") is None


def test_merged_bad_override_names_source_and_key() -> None:
    """CFG-3: a bad override is a ConfigError naming where it came from and the key."""
    with pytest.raises(ConfigError) as caught:
        TrineConfig().merged({"id_pattern": "("}, "editor settings")
    message = str(caught.value)
    assert "editor settings" in message
    assert "id_pattern" in message
    with pytest.raises(ConfigError, match="colour"):
        TrineConfig().merged({"colour": True}, "editor settings")


# FMT-60: `[[specs]]` names a format per glob


def test_specs_tables_name_a_format_per_glob(tmp_path: Path) -> None:
    """FMT-60: each `[[tool.trine.specs]]` table is a glob and a format; its glob joins `spec`."""
    _write(
        tmp_path / "pyproject.toml",
        """
        [[tool.trine.specs]]
        path = "reqs/**"
        format = "markdown"
        """,
    )
    config, _ = load_config(tmp_path)
    assert config.spec_globs()[-1] == "reqs/**"
    assert Classifier(layout_of(config)).format_of("reqs/a/b.md") == "markdown"
    assert Classifier(layout_of(config)).format_of("SPEC.md") is None


def test_an_unknown_spec_format_names_file_key_and_the_formats(tmp_path: Path) -> None:
    """FMT-60: a format trine does not know is an error naming the file, the key and the
    known formats."""
    _write(tmp_path / "trine.toml", '[[specs]]\npath = "reqs/**"\nformat = "speckit"\n')
    message = _error(tmp_path)
    assert message.startswith("trine.toml: specs.0.format: unknown spec format 'speckit';")
    assert "the formats are " in message
    assert all(spec_format.name in message for spec_format in spec_formats())


def test_a_specs_table_with_a_stray_key_lists_its_keys(tmp_path: Path) -> None:
    """FMT-60: a misspelt key in a `[[specs]]` table is named with the keys a table has."""
    _write(tmp_path / "trine.toml", '[[specs]]\nglob = "reqs/**"\nformat = "markdown"\n')
    message = _error(tmp_path)
    assert "specs.0.glob: unknown key; the keys are path, format" in message
