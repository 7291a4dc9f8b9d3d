// The independent npm Schema Registry client @kafkajs/confluent-schema-registry 4.1.0 against one raftbus node's
// registry port, driven by JSON-line commands on stdin.
//
// env: RB_REGISTRY_URL (http://127.0.0.1:PORT), RB_KEY and RB_SECRET (HTTP basic auth; optional).
// stdin commands (each may carry "id", echoed back):
//   {"cmd":"register","subject":"s","schema":"<avsc JSON text>"}       -> {"type":"registered","schemaId":N}
//   {"cmd":"latestId","subject":"s"}                                    -> {"type":"latestId","schemaId":N}
//   {"cmd":"schema","schemaId":N}                                       -> {"type":"schema","schema":{..}}
//   {"cmd":"encode","schemaId":N,"payload":{..}}                        -> {"type":"encoded","base64":"..."}
//   {"cmd":"decode","base64":"..."}                                     -> {"type":"decoded","payload":{..}}
// stdout lines: the replies above; {"type":"command_failed","id","error","status","body"} on errors;
//   {"type":"ready"} first.
'use strict';
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');
const { emit, commands, env } = require('./lines');

const key = process.env.RB_KEY;
const auth = key ? { username: key, password: env('RB_SECRET') } : undefined;
const registry = new SchemaRegistry({ host: env('RB_REGISTRY_URL'), auth, retry: { retries: 0 } });

// Buffers and longs do not survive JSON; the tests use records of strings, ints, doubles and booleans.
function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

function failure(id, e) {
  emit({ type: 'command_failed', id, error: String(e && e.message || e), status: e && e.status,
         body: e && e.body });
}

emit({ type: 'ready', versions: {
  '@kafkajs/confluent-schema-registry': require('@kafkajs/confluent-schema-registry/package.json').version,
  node: process.version } });

commands(async (c) => {
  try {
    switch (c.cmd) {
      case 'register': {
        const { id } = await registry.register({ type: SchemaType.AVRO, schema: c.schema }, { subject: c.subject });
        emit({ type: 'registered', id: c.id, schemaId: id });
        break;
      }
      case 'latestId':
        emit({ type: 'latestId', id: c.id, schemaId: await registry.getLatestSchemaId(c.subject) });
        break;
      case 'schema':
      {
        // For AVRO the client returns an avsc Type; its schema() is the parsed schema as JSON.
        const s = await registry.getSchema(c.schemaId);
        emit({ type: 'schema', id: c.id, schema: typeof s.schema === 'function' ? s.schema() : plain(s) });
      }
        break;
      case 'encode': {
        const buf = await registry.encode(c.schemaId, c.payload);
        emit({ type: 'encoded', id: c.id, base64: buf.toString('base64') });
        break;
      }
      case 'decode':
        emit({ type: 'decoded', id: c.id, payload: plain(await registry.decode(Buffer.from(c.base64, 'base64'))) });
        break;
      default:
        emit({ type: 'command_failed', id: c.id, error: 'unknown command ' + c.cmd });
    }
  } catch (e) {
    failure(c.id, e);
  }
});
