-- Drives Neovim's own LSP client (vim.lsp) against `edgelint server`, started by the README's
-- set-up (loaded as the init file: a FileType autocommand attaches a client to YAML buffers).
-- It waits for the diagnostics, asks for a hover and the code actions at the first EL301,
-- applies the first quick fix with Neovim's own edit code, writes the buffer, and writes what it
-- saw as JSON to $EDGELINT_NVIM_OUT. A failure is written there too.
local out = os.getenv("EDGELINT_NVIM_OUT")
local seen = { diagnostics = {}, hover = "", actions = {}, errors = {}, clients = {} }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(seen) }, out)
  vim.cmd("qall!")
end

vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("EDGELINT_NVIM_FILE")))
local ok = vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 50)
if not ok then
  table.insert(seen.errors, "no diagnostics within 60 s")
  return finish()
end
for _, client in pairs(vim.lsp.buf_get_clients(0)) do
  table.insert(seen.clients, client.name)
end
local alias
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = (d.user_data or {}).lsp or {}
  local code = d.code or lsp.code
  table.insert(seen.diagnostics, {
    line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col,
    severity = d.severity, message = d.message, source = d.source, code = code,
  })
  if code == "EL301" and alias == nil then alias = d end
end
if alias == nil then return finish() end

local position = { line = alias.lnum, character = alias.col }
local document = vim.lsp.util.make_text_document_params()
local hovered = vim.lsp.buf_request_sync(0, "textDocument/hover",
  { textDocument = document, position = position }, 30000) or {}
for _, answer in pairs(hovered) do
  if answer.result and answer.result.contents then
    seen.hover = answer.result.contents.value or ""
  end
  if answer.err then table.insert(seen.errors, vim.inspect(answer.err)) end
end

local range = { start = position, ["end"] = { line = alias.end_lnum, character = alias.end_col } }
local answers = vim.lsp.buf_request_sync(0, "textDocument/codeAction", {
  textDocument = document, range = range, context = { diagnostics = {} },
}, 30000) or {}
local chosen
for _, answer in pairs(answers) do
  for _, action in ipairs(answer.result or {}) do
    table.insert(seen.actions, { title = action.title, kind = action.kind })
    if chosen == nil and action.kind == "quickfix" and action.edit then chosen = action end
  end
end
if chosen ~= nil then
  vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
  vim.cmd("write")
end
finish()
