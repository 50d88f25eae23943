"""Property 2 of persona-injection: with the lock on, the core mutation rewrites nothing."""

import asyncio

from anima.mixins.danger import DangerMixin


class Host(DangerMixin):
    def __init__(self, config):
        self.config = config
        self._sediment_count = 100
        self.asked_provider = False

    async def _get_provider_id(self, event=None):
        self.asked_provider = True
        return ""


class TestPersonaLock:
    def test_lock_blocks_mutation(self):
        host = Host({"danger_core_mutation": True, "danger_core_mutation_confirm": True, "persona_lock": True})
        asyncio.run(host._danger_core_mutation(None))
        assert not host.asked_provider

    def test_unlocked_proceeds_past_lock(self):
        """Without the lock the mutation goes on to ask for a provider."""
        host = Host({"danger_core_mutation": True, "danger_core_mutation_confirm": True, "persona_lock": False})
        asyncio.run(host._danger_core_mutation(None))
        assert host.asked_provider

    def test_mutation_disabled_no_call(self):
        host = Host({"danger_core_mutation": False})
        asyncio.run(host._danger_core_mutation(None))
        assert not host.asked_provider
