"""Features that change the plugin's own persona, each behind a switch and a confirmation."""

import logging

log = logging.getLogger(__name__)


class DangerMixin:
    async def _danger_core_mutation(self, event):
        """Every hundredth sediment, ask the model for a new persona_core.yaml and write it."""
        if not (self.config.get("danger_core_mutation") and self.config.get("danger_core_mutation_confirm")):
            return
        # The persona is locked: rewrite nothing, and say so once.
        if self.config.get("persona_lock", False):
            if not getattr(self, "_told_lock", False):
                self._told_lock = True
                log.info("persona_lock is on: the core mutation leaves persona_core.yaml alone")
            return
        if self._sediment_count % 100:
            return
        provider = await self._get_provider_id(event)
        if not provider:
            return
        reply = await self.context.llm_generate(provider=provider, prompt="Rewrite persona_core.yaml")
        self._write_core(reply.completion_text)
