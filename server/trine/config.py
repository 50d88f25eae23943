"""Configuration: `[tool.trine]` in pyproject.toml or a trine.toml, validated with pydantic.

Zero configuration works; every key is optional. Errors name the file and the key.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from trine.analysis.findings import Severity
from trine.analysis.registry import RULES
from trine.analysis.rule import SeveritySetting
from trine.analysis.since import METADATA
from trine.index.needs import (
    BOTH,
    CODE_ONLY,
    DEFAULT_WORDS,
    NOTHING,
    KeywordPolicy,
    NeedsPolicy,
    Strength,
)
from trine.index.workspace import glob_problem
from trine.parsers.facts import Need
from trine.parsers.ids import DEFAULT_ID_PATTERN, DEFAULT_REFERENCE_PREFIXES, pattern_problem
from trine.parsers.languages import languages
from trine.parsers.markdown import ARCHIVES, NORMATIVE, SPEC_NAMES
from trine.parsers.specs import spec_format_named, spec_formats

DEFAULT_TEST_FOLDERS = ["tests/**", "test/**"]
CONFIG_FILES = ("trine.toml", "pyproject.toml")


FIXTURE_GLOBS = ["!**/fixtures/**", "!**/__fixtures__/**", "!**/testdata/**", "!**/test_data/**"]


# FMT-65: test fixture folders hold specs for the project's tests, not the project's spec.
def default_spec() -> list[str]:
    """Specs, with no configuration: where each spec format's files are, in order, once each,
    but never in a test fixture folder (a configured `spec` or `[[specs]]` glob reads them)."""
    found = [glob for spec_format in spec_formats() for glob in spec_format.spec_globs]
    return list(dict.fromkeys(found)) + FIXTURE_GLOBS


def default_code() -> list[str]:
    """Code, with no configuration: every file of a language trine reads (`**/*.py`)."""
    return [glob for language in languages() for glob in language.code_globs]


def default_tests() -> list[str]:
    """Tests, with no configuration: test folders, and files named as their language's runner
    finds tests (`**/test_*.py`)."""
    return DEFAULT_TEST_FOLDERS + [glob for language in languages() for glob in language.test_globs]


# FMT-60: `[[tool.trine.specs]]` names the format of the spec files a glob matches.
class SpecSource(BaseModel):
    """Spec files a glob matches, read in the named format whatever detection would say."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    path: str
    format: str

    @field_validator("path")
    @classmethod
    def _valid_glob(cls, value: str) -> str:
        problem = glob_problem([value])
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if spec_format_named(value) is None:
            known = ", ".join(f.name for f in spec_formats())
            raise ValueError(f"unknown spec format {value!r}; the formats are {known}")
        return value


# CL-22: the keyword policy: which words oblige how strongly, and which count in lowercase.
class KeywordSettings(BaseModel):
    """`[tool.trine.keywords]`: the normative words of each strength, in capitals, and the
    words whose lowercase forms count too (none by default, as RFC 8174 says)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    must: list[str] = Field(default_factory=lambda: list(DEFAULT_WORDS["must"]))
    should: list[str] = Field(default_factory=lambda: list(DEFAULT_WORDS["should"]))
    may: list[str] = Field(default_factory=lambda: list(DEFAULT_WORDS["may"]))
    lowercase: list[str] = Field(default_factory=list)

    @field_validator("must", "should", "may")
    @classmethod
    def _known_words(cls, value: list[str]) -> list[str]:
        for word in value:
            if not word.isupper() or NORMATIVE.fullmatch(word) is None:
                raise ValueError(
                    f"{word!r} is not a normative word trine reads; the words are MUST, MUST NOT,"
                    " SHALL, SHALL NOT, REQUIRED, SHOULD, SHOULD NOT, RECOMMENDED,"
                    " NOT RECOMMENDED, MAY, OPTIONAL, WILL and WILL NOT, in capitals"
                )
        return [" ".join(word.split()) for word in value]

    @model_validator(mode="after")
    def _one_strength_each(self) -> KeywordSettings:
        listed = [*self.must, *self.should, *self.may]
        twice = sorted({w for w in listed if listed.count(w) > 1})
        if twice:
            raise ValueError(f"{', '.join(twice)} listed under more than one strength")
        unknown = [w for w in self.lowercase if w.upper() not in listed or not w.islower()]
        if unknown:
            raise ValueError(
                f"lowercase: {', '.join(unknown)} is not the lowercase form of a listed word"
            )
        return self

    def policy(self) -> KeywordPolicy:
        """The keyword policy these settings describe."""
        strengths: dict[str, Strength] = {}
        for strength, words in (("must", self.must), ("should", self.should), ("may", self.may)):
            strengths.update(dict.fromkeys(words, strength))
        return KeywordPolicy(strengths, frozenset(self.lowercase))


NeedSetting = Literal["code+test", "code", "test", "nothing"]
# DIAG-27: "always" judges coverage where most of the code is in languages trine does not read.
CoverageSetting = Literal["auto", "always"]
_NEEDS: dict[str, frozenset[Need]] = {
    "code+test": BOTH,
    "code": CODE_ONLY,
    "test": frozenset({"test"}),
    "nothing": NOTHING,
}


# CL-18: what clauses need, by id prefix, heading text or path.
class NeedsSettings(BaseModel):
    """`[tool.trine.needs]`: tables from an id prefix (`SC`), a heading's text (`Non-goals`,
    compared case-insensitively, for the clauses under it too) or a spec path glob to what the
    clauses need: `code+test`, `code`, `test` or `nothing`."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    prefix: dict[str, NeedSetting] = Field(default_factory=dict)
    heading: dict[str, NeedSetting] = Field(default_factory=dict)
    path: dict[str, NeedSetting] = Field(default_factory=dict)

    @field_validator("path")
    @classmethod
    def _valid_globs(cls, value: dict[str, NeedSetting]) -> dict[str, NeedSetting]:
        problem = glob_problem(list(value))
        if problem is not None:
            raise ValueError(problem)
        return value


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


# CFG-1, CFG-2: the keys and their zero-configuration defaults.
class TrineConfig(BaseModel):
    """The settings of one workspace. Globs use .gitignore syntax, relative to the workspace root."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    spec: list[str] = Field(default_factory=default_spec)
    specs: list[SpecSource] = Field(default_factory=list)
    code: list[str] = Field(default_factory=default_code)
    tests: list[str] = Field(default_factory=default_tests)
    exclude: list[str] = Field(default_factory=list)
    id_pattern: str = DEFAULT_ID_PATTERN
    reference_prefixes: list[str] = Field(default_factory=lambda: list(DEFAULT_REFERENCE_PREFIXES))
    severity: dict[str, SeveritySetting] = Field(default_factory=dict)
    max_file_size: int = Field(default=5_000_000, ge=1)
    scopes: dict[str, list[str]] = Field(default_factory=dict)
    keywords: KeywordSettings = Field(default_factory=KeywordSettings)
    needs: NeedsSettings = Field(default_factory=NeedsSettings)
    lock_calls: bool = False
    coverage: CoverageSetting = "auto"
    since_ignore: list[str] = Field(default_factory=lambda: list(METADATA))

    # REL-1: the pattern must run on RE2 (linear time) and not match the empty string.
    @field_validator("id_pattern")
    @classmethod
    def _valid_pattern(cls, value: str) -> str:
        problem = pattern_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    # REL-2: every glob must parse and run on RE2.
    @field_validator("spec", "code", "tests", "exclude")
    @classmethod
    def _valid_globs(cls, value: list[str]) -> list[str]:
        problem = glob_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    # CL-12: each scope's globs must parse too.
    @field_validator("scopes")
    @classmethod
    def _valid_scope_globs(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for scope, found in value.items():
            problem = glob_problem(found)
            if problem is not None:
                raise ValueError(f"scope {scope!r}: {problem}")
        return value

    # DRIFT-13: a metadata label must say something, or every line would be metadata.
    @field_validator("since_ignore")
    @classmethod
    def _labels(cls, value: list[str]) -> list[str]:
        if any(not label.strip() for label in value):
            raise ValueError("an empty label would make every line metadata")
        return value

    @field_validator("severity")
    @classmethod
    def _known_rules(cls, value: dict[str, SeveritySetting]) -> dict[str, SeveritySetting]:
        unknown = sorted(set(value) - set(RULES))
        if unknown:
            raise ValueError(
                f"unknown rule {', '.join(unknown)}; the rules are {', '.join(sorted(RULES))}"
            )
        return value

    # CFG-4: per-rule severity, `off` included.
    def severity_of(self, code: str) -> Severity | None:
        """The effective severity of a rule, None when it is off."""
        setting = self.severity.get(code, RULES[code].default)
        return None if setting == "off" else setting

    def needs_policy(self) -> NeedsPolicy:
        """What decides each clause's needs: the keyword policy and `needs`."""
        return NeedsPolicy.of(
            self.keywords.policy(),
            {k: _NEEDS[v] for k, v in self.needs.prefix.items()},
            {k: _NEEDS[v] for k, v in self.needs.heading.items()},
            {k: _NEEDS[v] for k, v in self.needs.path.items()},
        )

    def spec_globs(self) -> list[str]:
        """Every glob of spec files: `spec`, then the paths of `[[specs]]`."""
        return self.spec + [source.path for source in self.specs]

    # FMT-121: only the default `spec` reads files by their name when they look like specs.
    def named_specs(self) -> list[str]:
        """Globs of Markdown files named like specs, read when their text looks like one:
        with the default `spec` only (a configured one says exactly what the specs are)."""
        return [*SPEC_NAMES, *ARCHIVES, *FIXTURE_GLOBS] if self.spec == default_spec() else []

    # FMT-62
    def cache_salt(self) -> str:
        """The settings that change what a file's record holds, as one string for the cache."""
        chosen = ";".join(f"{source.path}={source.format}" for source in self.specs)
        cited = ",".join(sorted(self.reference_prefixes))
        return f"{self.id_pattern}|{cited}|{chosen}|{','.join(self.named_specs())}"

    def merged(self, overrides: dict[str, Any], source: str) -> TrineConfig:
        """This configuration with some keys replaced (editor settings win over the file)."""
        data = self.model_dump()
        for key, value in overrides.items():
            if key == "severity" and isinstance(value, dict):
                data["severity"] = {**data["severity"], **value}
            else:
                data[key] = value
        return _validate(data, source)


_TABLES: dict[str, type[BaseModel]] = {
    "specs": SpecSource,
    "keywords": KeywordSettings,
    "needs": NeedsSettings,
}


def _validate(data: dict[str, Any], source: str) -> TrineConfig:
    try:
        return TrineConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_describe(error, source)) from None


# CFG-3: one message per bad value, naming the file and the key.
def _describe(error: ValidationError, source: str) -> str:
    parts = []
    for item in error.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            model = (
                _TABLES.get(str(item["loc"][0]), TrineConfig)
                if len(item["loc"]) > 1
                else TrineConfig
            )
            message = f"unknown key; the keys are {', '.join(model.model_fields)}"
        got = repr(item["input"])
        if len(got) > 200:
            got = got[:200] + "..."
        parts.append(f"{source} {key}: {message} (got {got})")
    return "\n".join(parts)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


# CFG-2: `[tool.trine]` in pyproject.toml, or trine.toml.
def load_config(root: Path, explicit: Path | None = None) -> tuple[TrineConfig, Path | None]:
    """The configuration for a workspace root, and the file it came from (None: defaults)."""
    candidates = [explicit] if explicit else [root / name for name in CONFIG_FILES]
    for path in candidates:
        if path is None or not path.is_file():
            if explicit:
                raise ConfigError(f"{explicit}: no such configuration file")
            continue
        data = _read_toml(path)
        if path.name == "pyproject.toml":
            table = data.get("tool", {}).get("trine")
            if table is None:
                continue
            return _validate(table, f"{path.name}: [tool.trine]"), path
        return _validate(data, f"{path.name}:"), path
    return TrineConfig(), None
