"""Reading and writing the plugin's state, and composing what goes to the model."""


class StateIOMixin:
    @staticmethod
    def _compose_system_prompt(persona, existing):
        """The persona in front of the existing system prompt, once."""
        persona = (persona or "").strip()
        existing = existing or ""
        if not persona or persona in existing:
            return existing
        return f"{persona}\n{existing}" if existing else persona
