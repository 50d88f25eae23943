"""Property 1 of persona-injection: how the persona prompt is put into the system prompt."""

from hypothesis import given, settings
from hypothesis import strategies as st

from anima.mixins.state_io import StateIOMixin

compose = StateIOMixin._compose_system_prompt


class TestComposeBasics:
    def test_empty_persona_keeps_existing(self):
        assert compose("", "be brief") == "be brief"

    def test_persona_goes_first(self):
        assert compose("a cat", "be brief") == "a cat\nbe brief"


@settings(max_examples=100)
@given(persona=st.text(max_size=30), existing=st.text(max_size=30))
# Feature: persona-injection, Property 1: persona prompt injection --
# a persona leads the result and keeps the old prompt; an empty one changes nothing; twice is once.
def test_prop1_inject_semantics(persona, existing):
    out = compose(persona, existing)
    if not persona.strip() or persona.strip() in existing:
        assert out == existing
    else:
        assert out.startswith(persona.strip()) and existing in out
    assert compose(persona, out) == out
