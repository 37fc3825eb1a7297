// The Controller's YAML reader, from npm at the Controller's own versions: js-yaml 3.14.1
// (eclipse-iofog/Controller 3.0.4 package.json) and js-yaml 4.1.1 (Datasance/Controller 3.7.3),
// both called as src/services/yaml-parser-service.js calls them: yaml.load(text).
//
// Input: one JSON object per line, {"id", "text", "reader": "js-yaml-3" | "js-yaml-4"}; output:
// one JSON line per input, {"id", "value"} with every value typed as the Go decoder types them
// ({"str"}, {"num"}, {"bool"}, {"null"}, {"date"}, {"seq"}, {"map"}), or {"id", "error"}.
'use strict'
const readline = require('readline')
const readers = { 'js-yaml-3': require('js-yaml-3'), 'js-yaml-4': require('js-yaml-4') }

function describe (v) {
  if (v === null || v === undefined) return { null: true }
  if (typeof v === 'boolean') return { bool: v }
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { num: 'nan' }
    if (v === Infinity) return { num: 'inf' }
    if (v === -Infinity) return { num: '-inf' }
    return { num: String(v) }
  }
  if (typeof v === 'string') return { str: v }
  if (v instanceof Date) return { date: isNaN(v) ? 'Invalid Date' : v.toISOString() }
  if (Array.isArray(v)) return { seq: v.map(describe) }
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return { map: Object.keys(v).sort().map(k => [{ str: k }, describe(v[k])]) }
  }
  return { other: Object.prototype.toString.call(v) }
}

const lines = readline.createInterface({ input: process.stdin })
lines.on('line', line => {
  if (!line.trim()) return
  const { id, text, reader } = JSON.parse(line)
  let answer
  try {
    answer = { id, value: describe(readers[reader].load(text)) }
  } catch (err) {
    answer = { id, error: String(err.message).split('\n')[0] }
  }
  process.stdout.write(JSON.stringify(answer) + '\n')
})
