// The ioFog Controller 3.0.4's template rendering, rebuilt on liquidjs 9.17.0 from npm: the oracle
// edgelint's Python renderer is compared with.
//
// The Controller vendors liquidjs 9.17.0 and patches it to keep the type of a single output
// (src/lib/liquidjs/liquid.node.cjs.js: Emitter.write replaces the empty output with a
// non-string value, and Output writes the raw value); it registers seven filters
// (src/helpers/template-helper.js) and renders every string of the object its YAML parser built
// (src/services/yaml-parser-service.js), in place, depth first (rvaluesVarSubstition). This file
// reproduces those three pieces over a cluster snapshot, and nothing else.
//
// Input: one JSON object per line, {"id", "document", "snapshot"}; output: one JSON line per
// input, {"id", "stored"} (JSON.stringify of the rendered object, as the Controller would save
// it) or {"id", "failed"} when the Controller's parser would throw.
'use strict'
const readline = require('readline')
const { Liquid, Drop, Emitter } = require('liquidjs')

const engine = new Liquid()

// keepOutputType, as the Controller's copy does it.
Emitter.prototype.write = function (html) {
  if (typeof html !== 'string' && this.html === '') this.html = html
  else this.html += html
}
const Output = Object.getPrototypeOf(engine.parse('{{ x }}')[0]).constructor
Output.prototype.render = function * (ctx, emitter) {
  const val = yield this.value.value(ctx)
  emitter.write(val instanceof Drop ? val.valueOf() : val)
}

// The Controller's filters, over the snapshot instead of its database.
let snapshot = {}
const notFound = (what) => { throw new Error(what) }
engine.registerFilter('findAgent', function (name) {
  const cache = this.context.environments._agentsByName
  if (name === '') {
    const agents = snapshot.agents || []
    agents.forEach(a => { cache[a.name] = a })
    return agents
  }
  if (cache[name]) return cache[name]
  const found = (snapshot.agents || []).find(a => a.name === name)
  if (!found) notFound("Invalid ioFog UUID 'undefined'")
  cache[found.name] = found
  return found
})
engine.registerFilter('findApplication', function (name) {
  return (snapshot.applications || []).find(a => a.name === name) || null
})
engine.registerFilter('findEdgeResource', function (name, version) {
  const all = (snapshot.edgeResources || []).filter(r => r.name === name)
  if (!version) return all
  const found = all.find(r => r.version === version)
  if (!found) notFound(`Could not find edge resource ${name} ${version}`)
  return found
})
engine.registerFilter('findMicroserviceAgent', function (microservice) {
  const found = (snapshot.agents || []).find(a => a.uuid === microservice.iofogUuid)
  if (!found) notFound(`Invalid ioFog UUID '${microservice.iofogUuid}'`)
  return found
})
const jsonParser = (variable) => { try { return JSON.parse(variable) } catch (e) { return variable } }
engine.registerFilter('toNumber', jsonParser)
engine.registerFilter('toBoolean', jsonParser)
engine.registerFilter('toString', (variable) => {
  try {
    if (typeof variable === 'string') return variable
    if (variable.toString) return variable.toString()
    return JSON.stringify(variable)
  } catch (e) { return variable }
})

// yaml-parser-service.js, Controller 3.0.4.
const lget = (obj, path, dflt) => {
  let cur = obj
  for (const key of path.split('.')) {
    if (cur == null) return dflt
    cur = cur[key]
  }
  return cur === undefined ? dflt : cur
}
const deleteUndefined = (obj) => Object.keys(obj).forEach(k => obj[k] === undefined && delete obj[k])
function parseImages (fileImages) {
  if (!fileImages) return { registryId: undefined, images: undefined, catalogItemId: undefined }
  if (fileImages.catalogId > 0) {
    return { registryId: undefined, images: undefined, catalogItemId: fileImages.catalogId }
  }
  const images = []
  if (fileImages.x86 != null) images.push({ fogTypeId: 1, containerImage: fileImages.x86 })
  if (fileImages.arm != null) images.push({ fogTypeId: 2, containerImage: fileImages.arm })
  const registryId = fileImages.registry != null
    ? { remote: 1, local: 2 }[fileImages.registry] || Number(fileImages.registry)
    : 1
  return { registryId, catalogItemId: undefined, images }
}
function parseMicroservice (microservice) {
  const { registryId, catalogItemId, images } = parseImages(microservice.images)
  const data = {
    config: microservice.config != null ? JSON.stringify(microservice.config) : undefined,
    name: microservice.name,
    catalogItemId,
    agentName: lget(microservice, 'agent.name'),
    registryId,
    ...microservice.container,
    ports: lget(microservice, 'container.ports', []),
    volumeMappings: lget(microservice, 'container.volumes', []),
    cmd: lget(microservice, 'container.commands', []),
    env: lget(microservice, 'container.env', []).map(e => ({ key: e.key.toString(), value: e.value.toString() })),
    images,
    extraHosts: lget(microservice, 'container.extraHosts', []),
    application: microservice.application
  }
  deleteUndefined(data)
  return data
}
function parseApplication (doc) {
  const app = doc.spec
  return {
    name: lget(doc, 'metadata.name', undefined),
    ...app,
    isActivated: app.isActivated || true,
    microservices: (app.microservices || []).map(parseMicroservice)
  }
}
function parseMicroserviceDocument (doc) {
  const microservice = { name: lget(doc, 'metadata.name', undefined), ...parseMicroservice(doc.spec) }
  if (microservice.name) {
    const parts = microservice.name.split('/')
    if (parts.length === 1) microservice.name = parts[0]
    else if (parts.length === 2) { microservice.name = parts[1]; microservice.application = parts[0] } else throw new Error(`Invalid name ${microservice.name}`)
  }
  return microservice
}

// template-helper.js rvaluesVarSubstition.
async function substitute (subjects, context) {
  for (const key in subjects) {
    try {
      if (typeof subjects[key] === 'object') await substitute(subjects[key], context)
      else if (typeof subjects[key] === 'string') {
        subjects[key] = await engine.parseAndRender(subjects[key], context, { keepOutputType: true })
      }
    } catch (e) {
      subjects[key] = e.toString()
    }
  }
  return subjects
}

// JSON.stringify, except that a value a template made contain itself prints "[Circular]"
// (the Controller rejects such a value by type before it ever serialises it).
function stringifyStored (value) {
  const ancestors = []
  return JSON.stringify(value, function (key, item) {
    if (typeof item !== 'object' || item === null) return item
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop()
    if (ancestors.includes(item)) return '[Circular]'
    ancestors.push(item)
    return item
  })
}

async function handle (request) {
  snapshot = request.snapshot || {}
  const doc = request.document
  let object
  try {
    if (doc.kind === 'Application') {
      if (doc.metadata == null || doc.spec == null) throw new Error('Invalid YAML format')
      object = parseApplication(doc)
    } else if (doc.kind === 'Microservice') {
      if (doc.metadata == null || doc.spec == null) throw new Error('Invalid YAML format')
      object = parseMicroserviceDocument(doc)
    } else {
      throw new Error(`Invalid kind ${doc.kind}`)
    }
  } catch (e) {
    return { id: request.id, failed: String(e.message) }
  }
  const context = {
    self: object,
    _user: { id: 1 },
    _agentsByName: {},
    _edgeResourcesByName: {},
    _applicationsByName: {}
  }
  await substitute(object, context)
  return { id: request.id, stored: stringifyStored(object) }
}

async function main () {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const line of lines) {
    if (!line.trim()) continue
    process.stdout.write(JSON.stringify(await handle(JSON.parse(line))) + '\n')
  }
}
main()
