-- Drives headless Neovim's built-in LSP client against `vocheck lsp` and writes down what it displays.
--
-- The spec (JSON, path in $VOCHECK_NVIM_SPEC) names the server command, the workspace root, and
-- steps: each step edits buffers (whole lines, as a user would) and then waits until the
-- diagnostics Neovim holds for each named file are the expected ones, or a timeout passes. The
-- result (JSON, written to spec.output) holds, per step, what Neovim showed: line (1-based) and
-- code of every diagnostic of every buffer, and the related places it keeps with them, so that the
-- test can compare them with the expectation.

local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv("VOCHECK_NVIM_SPEC")), "\n"))
local version = vim.version()
local result = {
  version = string.format("%d.%d.%d", version.major, version.minor, version.patch),
  client = "",
  steps = {},
  errors = {},
  published = {},
}

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, spec.output)
  vim.cmd("qall!")
end

local ok, failure = pcall(function()
  local published = {}
  local config = {
    name = "vocheck",
    cmd = spec.cmd,
    root_dir = spec.root,
    handlers = {
      -- Count the pushes, then let Neovim's own handler turn them into displayed diagnostics.
      ["textDocument/publishDiagnostics"] = function(err, params, ctx, handler_config)
        published[params.uri] = (published[params.uri] or 0) + 1
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, handler_config)
      end,
    },
    on_error = function(code, err)
      table.insert(result.errors, "client error " .. tostring(code) .. ": " .. vim.inspect(err))
    end,
  }

  local buffers = {}
  local client_id
  local function open(name)
    -- Each file in a window of its own, as when a user looks at both: clients that pull diagnostics
    -- (Neovim 0.11) pull them for visible buffers only.
    local command = next(buffers) == nil and "edit " or "split "
    vim.cmd(command .. vim.fn.fnameescape(spec.root .. "/" .. name))
    local buffer = vim.api.nvim_get_current_buf()
    vim.bo[buffer].filetype = "yaml"
    if vim.lsp.start then
      -- Neovim 0.8 and later: the documented way, which reuses the client for the same root.
      result.client = "vim.lsp.start"
      client_id = vim.lsp.start(config)
    else
      -- Neovim 0.7 (Debian 12's): the same client, started and attached by hand.
      result.client = "vim.lsp.start_client"
      client_id = client_id or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(buffer, client_id)
    end
    buffers[name] = buffer
    return buffer
  end

  local function shown(buffer)
    local found = {}
    for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
      local code = diagnostic.code or (diagnostic.user_data and diagnostic.user_data.lsp and diagnostic.user_data.lsp.code)
      table.insert(found, string.format("%d:%s", diagnostic.lnum + 1, tostring(code)))
    end
    table.sort(found)
    return found
  end

  -- The related places Neovim keeps with each diagnostic (the server's relatedInformation).
  local function related(buffer)
    local found = {}
    for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
      local lsp = diagnostic.user_data and diagnostic.user_data.lsp or {}
      for _, place in ipairs(lsp.relatedInformation or {}) do
        local file = vim.fn.fnamemodify(vim.uri_to_fname(place.location.uri), ":t")
        table.insert(
          found,
          string.format("%d:%s -> %s:%d", diagnostic.lnum + 1, tostring(lsp.code), file, place.location.range.start.line + 1)
        )
      end
    end
    table.sort(found)
    return found
  end

  local function matches(expected)
    for name, wanted in pairs(expected) do
      local buffer = buffers[name]
      if buffer == nil or published[vim.uri_from_bufnr(buffer)] == nil then
        return false
      end
      local sorted = vim.deepcopy(wanted)
      table.sort(sorted)
      if not vim.deep_equal(shown(buffer), sorted) then
        return false
      end
    end
    return true
  end

  for _, name in ipairs(spec.open) do
    open(name)
  end
  for number, step in ipairs(spec.steps) do
    for _, edit in ipairs(step.edits or {}) do
      vim.api.nvim_buf_set_lines(buffers[edit.file], edit.start, edit["end"], false, edit.lines)
    end
    local started = vim.loop.hrtime()
    local reached = vim.wait(step.timeout_ms, function()
      return matches(step.expect)
    end, 20)
    local seen, places = {}, {}
    for name, buffer in pairs(buffers) do
      seen[name] = shown(buffer)
      places[name] = related(buffer)
    end
    result.steps[number] = {
      reached = reached,
      shown = seen,
      related = places,
      milliseconds = (vim.loop.hrtime() - started) / 1e6,
    }
  end
  for uri, count in pairs(published) do
    result.published[uri] = count
  end
end)
if not ok then
  table.insert(result.errors, tostring(failure))
end
finish()
