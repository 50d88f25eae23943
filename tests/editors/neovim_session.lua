-- Drives trine's language server from a real headless Neovim; run by tests/editors/test_neovim.py.
--
-- It uses editors/neovim/lsp/trine.lua as shipped (the test puts editors/neovim on 'runtimepath'),
-- does what a user does (open files, K, go to definition, apply a quick fix, edit the spec,
-- reopen a buffer, quit), and writes what Neovim saw to the JSON file $TRINE_NVIM_RESULTS.
-- The Python test makes the assertions.
-- Environment: TRINE_NVIM_WORKSPACE (a copy of examples/slugkit), TRINE_NVIM_RESULTS.

local TIMEOUT = 10000 -- ms for any single wait; nothing here should need that long
local root = assert(vim.env.TRINE_NVIM_WORKSPACE, 'TRINE_NVIM_WORKSPACE is not set')
local results_path = assert(vim.env.TRINE_NVIM_RESULTS, 'TRINE_NVIM_RESULTS is not set')
local results = { steps = {} }

--- Waits for `condition`, recording whether it came true in time under `results.steps[name]`.
local function wait_for(name, condition)
  local ok = vim.wait(TIMEOUT, condition, 20)
  results.steps[name] = ok
  return ok
end

--- A path relative to the workspace ('.' for the workspace itself), else the absolute path.
local function relative(path)
  path = vim.fs.normalize(vim.uv.fs_realpath(path) or path)
  local base = vim.fs.normalize(vim.uv.fs_realpath(root) or root)
  if path == base then
    return '.'
  end
  return path:sub(1, #base + 1) == base .. '/' and path:sub(#base + 2) or path
end

--- Every diagnostic Neovim holds for a buffer, in plain data.
local function diagnostics_of(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(found, {
      path = relative(vim.api.nvim_buf_get_name(d.bufnr)),
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      code = d.code,
      source = d.source,
      severity = vim.diagnostic.severity[d.severity],
      message = d.message,
    })
  end
  return found
end

--- Opens a workspace file in the current window and waits until trine has attached to it.
local function open(path)
  vim.cmd.edit(vim.fn.fnameescape(vim.fs.joinpath(root, path)))
  local bufnr = vim.api.nvim_get_current_buf()
  wait_for('attached ' .. path, function()
    local client = vim.lsp.get_clients({ bufnr = bufnr, name = 'trine' })[1]
    return client ~= nil and client.initialized
  end)
  return bufnr
end

--- Puts the cursor `offset` bytes into the first `needle` of the buffer; returns its line.
local function cursor_on(needle, offset)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      vim.api.nvim_win_set_cursor(0, { lnum, col - 1 + (offset or 0) })
      return lnum
    end
  end
  error(('%s not found in %s'):format(needle, vim.api.nvim_buf_get_name(0)))
end

--- The floating windows open now (the hover window is one).
local function floating_windows()
  return vim.tbl_filter(function(win)
    return vim.api.nvim_win_get_config(win).relative ~= ''
  end, vim.api.nvim_list_wins())
end

local function session()
  -- Only observe the client: the config itself (cmd, filetypes, root markers) stays as shipped.
  results.status = {}
  vim.lsp.config('trine', {
    handlers = {
      ['trine/status'] = function(_, status)
        table.insert(results.status, status)
      end,
    },
    on_exit = function(code, signal)
      results.exit = { code = code, signal = signal }
    end,
  })
  vim.lsp.enable('trine')

  -- Diagnostics: open a code file and wait for trine's.
  local duration = open('slugkit/duration.py')
  local client = vim.lsp.get_clients({ bufnr = duration, name = 'trine' })[1]
  results.client = client
    and {
      name = client.name,
      root_dir = client.root_dir and relative(client.root_dir),
      workspace_folders = vim.tbl_map(function(f)
        return relative(vim.uri_to_fname(f.uri))
      end, client.workspace_folders or {}),
      offset_encoding = client.offset_encoding,
    }
  -- Every file's diagnostics are pushed, opened or not; trine/status counts them all.
  wait_for('diagnostics of the workspace', function()
    local status = results.status[#results.status]
    local total = status and status.errors + status.warnings + status.infos + status.hints
    return total ~= nil and total > 0 and #vim.diagnostic.get() == total
  end)
  results.diagnostics = diagnostics_of(nil)

  -- K on a function name: the hover window shows the clauses it implements.
  open('slugkit/text.py')
  cursor_on('def slugify', 4)
  vim.cmd.normal('K')
  wait_for('hover window', function()
    return #floating_windows() > 0
  end)
  local float = floating_windows()[1]
  results.hover = float
      and vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false)
    or {}
  for _, win in ipairs(floating_windows()) do
    vim.api.nvim_win_close(win, true)
  end

  -- Go to definition from a function name: jump to its clause in the spec.
  local text = vim.api.nvim_get_current_buf()
  cursor_on('def slug_or_empty', 4)
  vim.lsp.buf.definition()
  wait_for('definition jump', function()
    return vim.api.nvim_get_current_buf() ~= text
  end)
  results.definition = {
    path = relative(vim.api.nvim_buf_get_name(0)),
    cursor = vim.api.nvim_win_get_cursor(0),
  }

  -- A function that implements several clauses: Neovim lists them in the quickfix window.
  vim.cmd.buffer(text)
  cursor_on('def slugify', 4)
  vim.fn.setqflist({}, 'r')
  vim.lsp.buf.definition()
  wait_for('definition list', function()
    return #vim.fn.getqflist() > 0
  end)
  results.definitions = vim.tbl_map(function(item)
    return { path = relative(vim.api.nvim_buf_get_name(item.bufnr)), lnum = item.lnum }
  end, vim.fn.getqflist())
  if #vim.fn.getqflist() > 0 then
    vim.cmd.cfirst()
    results.first_definition = {
      path = relative(vim.api.nvim_buf_get_name(0)),
      cursor = vim.api.nvim_win_get_cursor(0),
    }
  end
  vim.cmd.cclose()

  -- Quick fix "did you mean" on the unknown reference DUR-9, applied through the editor.
  vim.cmd.buffer(duration)
  local dur9 = cursor_on('DUR-9')
  results.code_action_line_before = vim.api.nvim_buf_get_lines(duration, dur9 - 1, dur9, false)[1]
  local titles = {}
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      table.insert(titles, action.title)
      return action.title:match('^Replace with DUR%-%d+') ~= nil and action.isPreferred == true
    end,
  })
  wait_for('code action applied', function()
    return not vim.api.nvim_buf_get_lines(duration, dur9 - 1, dur9, false)[1]:find('DUR-9', 1, true)
  end)
  results.code_action_titles = titles
  results.code_action_line_after = vim.api.nvim_buf_get_lines(duration, dur9 - 1, dur9, false)[1]
  results.modified = vim.bo[duration].modified
  -- The edit reaches the server (didChange), which re-publishes the buffer's diagnostics and,
  -- with one error less, the status.
  local statuses = #results.status
  wait_for('status after fix', function()
    return #results.status > statuses
  end)
  wait_for('unknown-reference cleared', function()
    for _, d in ipairs(vim.diagnostic.get(duration)) do
      if d.code == 'unknown-reference' then
        return false
      end
    end
    return true
  end)
  results.diagnostics_after_fix = diagnostics_of(duration)
  results.status_after_fix = results.status[#results.status]

  -- An unsaved edit of the spec re-publishes the diagnostics of the code that refers to it.
  local spec = open('SPEC.md')
  local dur1 = cursor_on('### DUR-1: Units')
  vim.api.nvim_buf_set_lines(spec, dur1 - 1, dur1, false, { '### DUR-7: Units' })
  wait_for('unknown-reference after spec edit', function()
    for _, d in ipairs(vim.diagnostic.get(duration)) do
      if d.code == 'unknown-reference' then
        return true
      end
    end
    return false
  end)
  results.diagnostics_after_spec_edit = diagnostics_of(duration)
  -- text.py was opened after indexing and has not changed since (nor have its diagnostics).
  results.text_diagnostics_at_end = diagnostics_of(text)

  -- Closed and opened again, a buffer shows its diagnostics again.
  vim.cmd.enew()
  vim.cmd.bdelete(text)
  local reopened = open('slugkit/text.py')
  wait_for('diagnostics after reopening', function()
    return #vim.diagnostic.get(reopened) >= #results.text_diagnostics_at_end
  end)
  results.text_diagnostics_reopened = diagnostics_of(reopened)

  -- Shut down: the server must exit cleanly.
  client = vim.lsp.get_clients({ name = 'trine' })[1]
  if client then
    client:stop()
  end
  wait_for('server exited', function()
    return results.exit ~= nil
  end)
end

local ok, err = xpcall(session, debug.traceback)
results.error = not ok and err or nil
local file = assert(io.open(results_path, 'w'))
file:write(vim.json.encode(results))
file:close()
vim.cmd('qall!')
