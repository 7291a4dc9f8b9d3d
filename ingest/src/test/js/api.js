// The pusher 5.3.4 Node server SDK against one edge, driven by JSON-line commands on stdin.
//
// env: RB_PORT, RB_APP_ID, RB_KEY, RB_SECRET (may be wrong on purpose), RB_CLOCK_SKEW_S (shifts the SDK's clock,
//      to send stale auth_timestamp values; default 0).
// stdin commands (each may carry "id", echoed back):
//   {"cmd":"trigger","channels":[..],"event":"e","data":{..},"socket_id"?,"info"?}
//   {"cmd":"batch","batch":[{"channel","name","data"}]}
//   {"cmd":"get","path":"/channels","params":{..}}
//   {"cmd":"webhook","headers":{lower-case names},"body":"raw body"}   -> {"type":"webhook","valid":bool,...}
// stdout lines: {"type":"result","id","status","body"} (body parsed if JSON)
//   {"type":"command_failed","id","error","status","body"} for HTTP >= 400 and network errors; {"type":"ready"}
'use strict';
const Pusher = require('pusher');
const { emit, commands, env } = require('./lines');

const skewMs = Number(env('RB_CLOCK_SKEW_S', '0')) * 1000;
if (skewMs !== 0) {
  const realNow = Date.now;
  Date.now = () => realNow() + skewMs;
}
const api = new Pusher({ appId: env('RB_APP_ID', 'app-id'), key: env('RB_KEY', 'app-key'),
                         secret: env('RB_SECRET', 'app-secret'), host: '127.0.0.1', port: Number(env('RB_PORT')),
                         useTLS: false, timeout: 20000 });

async function result(id, res) {
  const text = await res.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch (e) {
    // keep the text
  }
  emit({ type: 'result', id, status: res.status, body });
}

emit({ type: 'ready', versions: { pusher: require('pusher/package.json').version, node: process.version } });

commands(async (c) => {
  switch (c.cmd) {
    case 'trigger': {
      const params = {};
      if (c.socket_id) params.socket_id = c.socket_id;
      if (c.info) params.info = c.info;
      await result(c.id, await api.trigger(c.channels, c.event, c.data, params));
      break;
    }
    case 'batch': await result(c.id, await api.triggerBatch(c.batch)); break;
    case 'get': await result(c.id, await api.get({ path: c.path, params: c.params || {} })); break;
    case 'webhook': {
      const hook = api.webhook({ headers: c.headers, rawBody: c.body });
      const valid = hook.isValid();
      emit({ type: 'webhook', id: c.id, valid, events: valid ? hook.getEvents() : null,
             time: valid ? hook.getTime().getTime() : null });
      break;
    }
    default: emit({ type: 'bad_command', cmd: c.cmd });
  }
});
