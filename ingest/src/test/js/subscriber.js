// A pusher-js 8.6.0 client in Node, driven by JSON-line commands on stdin, printing what it observes.
//
// env: RB_PORT (edge port), RB_KEY, RB_APP_ID, RB_SECRET (used only to sign channel auth locally, as an app
//      backend would, with the pusher Node SDK's authorizeChannel/authenticateUser), RB_USER (presence user id,
//      default "u1"), RB_USER_INFO (JSON, default {"name": RB_USER}).
// stdin commands: {"cmd":"subscribe","channel":"..."} {"cmd":"unsubscribe","channel":"..."}
//   {"cmd":"trigger","channel":"...","event":"client-x","data":{...}}  (client event)
//   {"cmd":"members","channel":"presence-..."}  {"cmd":"disconnect"}  {"cmd":"connect"}  {"cmd":"signin"}
// stdout lines: {"type":"state","previous","current"} {"type":"connected","socket_id"}
//   {"type":"subscribed","channel","members"?} {"type":"subscription_error","channel","error"}
//   {"type":"event","channel","event","data","user_id"} (every event on every channel, pusher:* included)
//   {"type":"members","channel","ids","me","count"} {"type":"error","error"} {"type":"ready","versions"}
'use strict';
const PusherJs = require('pusher-js');
const Pusher = require('pusher');
const { emit, commands, env } = require('./lines');

const port = Number(env('RB_PORT'));
const key = env('RB_KEY', 'app-key');
const backend = new Pusher({ appId: env('RB_APP_ID', 'app-id'), key, secret: env('RB_SECRET', 'app-secret'),
                             host: '127.0.0.1', port, useTLS: false });
const userId = env('RB_USER', 'u1');
const userInfo = JSON.parse(env('RB_USER_INFO', JSON.stringify({ name: userId })));

const client = new PusherJs(key, {
  cluster: 'local', wsHost: '127.0.0.1', wsPort: port, wssPort: port, forceTLS: false,
  enabledTransports: ['ws'], disableStats: true,
  channelAuthorization: {
    customHandler: ({ socketId, channelName }, cb) => {
      try {
        const presence = channelName.startsWith('presence-') ? { user_id: userId, user_info: userInfo } : undefined;
        cb(null, backend.authorizeChannel(socketId, channelName, presence));
      } catch (e) {
        cb(e, null);
      }
    },
  },
  userAuthentication: {
    customHandler: ({ socketId }, cb) => {
      try {
        cb(null, backend.authenticateUser(socketId, { id: userId, user_info: userInfo }));
      } catch (e) {
        cb(e, null);
      }
    },
  },
});

client.connection.bind('state_change', (s) => emit({ type: 'state', previous: s.previous, current: s.current }));
client.connection.bind('connected', () => emit({ type: 'connected', socket_id: client.connection.socket_id }));
client.connection.bind('error', (e) => emit({ type: 'error', error: e && (e.error || e.data || String(e)) }));

function watch(channel) {
  // Wrap the channel's emit rather than bind_global: global callbacks get no metadata, so no user_id.
  if (!channel.raftbusWatched) {
    channel.raftbusWatched = true;
    const emitOriginal = channel.emit.bind(channel);
    channel.emit = (event, data, metadata) => {
      const line = { type: 'event', channel: channel.name, event, data };
      if (metadata && metadata.user_id !== undefined) line.user_id = metadata.user_id;
      emit(line);
      return emitOriginal(event, data, metadata);
    };
  }
  channel.bind('pusher:subscription_succeeded', (members) => {
    const line = { type: 'subscribed', channel: channel.name };
    if (channel.name.startsWith('presence-')) {
      line.members = Object.keys(channel.members.members).sort();
      line.me = channel.members.me && channel.members.me.id;
    }
    emit(line);
  });
  channel.bind('pusher:subscription_error', (e) => emit({ type: 'subscription_error', channel: channel.name,
                                                           error: e }));
}

emit({ type: 'state', previous: null, current: client.connection.state });
emit({ type: 'ready', versions: { 'pusher-js': require('pusher-js/package.json').version, node: process.version } });

commands(async (c) => {
  switch (c.cmd) {
    case 'subscribe': watch(client.subscribe(c.channel)); break;
    case 'unsubscribe': client.unsubscribe(c.channel); break;
    case 'trigger': {
      const ok = client.channel(c.channel).trigger(c.event, c.data);
      emit({ type: 'triggered', id: c.id, channel: c.channel, event: c.event, ok });
      break;
    }
    case 'members': {
      const ch = client.channel(c.channel);
      emit({ type: 'members', id: c.id, channel: c.channel, ids: Object.keys(ch.members.members).sort(),
             me: ch.members.me && ch.members.me.id, count: ch.members.count });
      break;
    }
    case 'signin': client.signin(); break;
    case 'disconnect': client.disconnect(); break;
    case 'connect': client.connect(); break;
    default: emit({ type: 'bad_command', cmd: c.cmd });
  }
});
