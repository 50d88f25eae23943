"""The plugin: registers with the bot and adds its state to every request to the model."""

from anima.mixins.danger import DangerMixin
from anima.mixins.state_io import StateIOMixin


class Anima(StateIOMixin, DangerMixin):
    def __init__(self, config):
        self.config = config
        self._sediment_count = 0

    async def on_llm_request(self, event, req):
        # The persona prompt goes into the system prompt, ahead of what the framework put there.
        persona = (self.config.get("persona_prompt", "") or "").strip()
        if persona:
            req.system_prompt = self._compose_system_prompt(persona, getattr(req, "system_prompt", ""))
        req.extra_user_content_parts.append(self._awareness_block())

    def _awareness_block(self):
        return "<self_awareness>...</self_awareness>"
