-- trine: a language server that keeps a project's spec, code and tests in sync (`trine serve`).
--
-- Neovim 0.11+: put this file on the runtimepath as lsp/trine.lua (add `editors/neovim` to
-- 'runtimepath', or copy it to ~/.config/nvim/lsp/trine.lua), then call
--
--     vim.lsp.enable('trine')
--
-- Override any field with vim.lsp.config('trine', { ... }), e.g. a fixed cmd.

local root_markers = { 'pyproject.toml', 'trine.toml', '.git' }

--- The workspace's own trine (.venv/bin/trine) when it has one, else `trine` on $PATH.
--- @param root string?
--- @return string
local function trine_executable(root)
  if root then
    for _, candidate in ipairs({
      vim.fs.joinpath(root, '.venv', 'bin', 'trine'),
      vim.fs.joinpath(root, '.venv', 'Scripts', 'trine.exe'),
    }) do
      if vim.fn.executable(candidate) == 1 then
        return candidate
      end
    end
  end
  return 'trine'
end

---@type vim.lsp.Config
return {
  -- Runs `trine serve` over stdio. A function so that the executable is chosen per workspace:
  -- Neovim 0.11.3+ passes the resolved config (with root_dir); older 0.11 releases do not, so
  -- fall back to the root of the current buffer.
  cmd = function(dispatchers, config)
    local root = config and config.root_dir or vim.fs.root(0, root_markers)
    return vim.lsp.rpc.start({ trine_executable(root), 'serve' }, dispatchers, {
      cwd = config and config.cmd_cwd or root,
      env = config and config.cmd_env,
      detached = config and config.detached,
    })
  end,
  filetypes = { 'python', 'markdown' },
  root_markers = root_markers,
}
