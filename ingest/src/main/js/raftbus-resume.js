/*
 * raftbus-resume.js — durable resume for pusher-js (tested against pusher-js 8.6.0, works in Node and browsers).
 *
 * raftbus keeps every channel event in a replicated log. A client that opts in (WebSocket query parameter
 * `raftbus_resume=1`) receives each channel event with a top-level `"raftbus":{"offset":N,"epoch":E}` and may
 * resubscribe with `"resume":{"offset":N,"epoch":E}`: the server then replays exactly the events after N before
 * going live, or sends the channel event `raftbus:resume_failed` with data
 * `{"reason":"expired"|"epoch_changed"|"too_many","oldest":O,"offset":L,"epoch":E}` and continues live.
 *
 * Unmodified pusher-js drops unknown envelope fields, so this add-on reads the raw frames from the transport,
 * records the position of each subscribed channel, adds `raftbus_resume=1` to the connection URL and adds
 * `resume` to the `pusher:subscribe` that pusher-js sends for every channel after a reconnect.
 *
 * Usage:
 *   const Pusher = require('pusher-js');
 *   const { enableResume } = require('./raftbus-resume');
 *   const pusher = new Pusher('app-key', { cluster: 'local', wsHost: '127.0.0.1', wsPort: 6001,
 *                                          forceTLS: false, enabledTransports: ['ws'] });
 *   const resume = enableResume(pusher, Pusher);   // right after construction (reopens the socket if needed)
 *   pusher.subscribe('orders').bind('raftbus:resume_failed', (r) => refetchFromYourDb(r));
 *   resume.position('orders');                      // {offset, epoch} or undefined
 *
 * Positions are kept in memory for the life of the Pusher instance; pass `initialPositions` to continue from a
 * stored state (e.g. localStorage) after a page reload.
 */
'use strict';

const PARAM = 'raftbus_resume=1';
const patchedRuntimes = new WeakSet();
const resumeKeys = new Set();

function patchRuntime(PusherClass) {
  const runtime = PusherClass && PusherClass.Runtime;
  if (!runtime || typeof runtime.createWebSocket !== 'function' || patchedRuntimes.has(runtime)) {
    return;
  }
  const original = runtime.createWebSocket;
  runtime.createWebSocket = function (url) {
    const m = /\/app\/([^?]+)\?/.exec(url);
    if (m && resumeKeys.has(decodeURIComponent(m[1])) && url.indexOf(PARAM) < 0) {
      url += '&' + PARAM;
    }
    return original.call(this, url);
  };
  patchedRuntimes.add(runtime);
}

/**
 * Enables durable resume on a pusher-js client.
 *
 * @param pusher the Pusher instance; a connection already opening is reopened with the opt-in parameter.
 * @param PusherClass the pusher-js constructor (require('pusher-js')), whose Runtime opens the sockets.
 * @param options {initialPositions: {channel: {offset, epoch}}, onPosition(channel, position)}
 * @returns {{position(channel): object|undefined, positions(): object}}
 */
function enableResume(pusher, PusherClass, options) {
  const opts = options || {};
  const positions = Object.assign({}, opts.initialPositions || {});
  resumeKeys.add(pusher.key);
  patchRuntime(PusherClass || pusher.constructor);

  function record(channel, position) {
    positions[channel] = { offset: position.offset, epoch: position.epoch };
    if (typeof opts.onPosition === 'function') {
      opts.onPosition(channel, positions[channel]);
    }
  }

  function onRawMessage(messageEvent) {
    let msg;
    try {
      msg = JSON.parse(messageEvent.data);
    } catch (e) {
      return;
    }
    if (!msg || typeof msg.channel !== 'string') {
      return;
    }
    if (msg.event === 'raftbus:resume_failed') {
      let data = msg.data;
      try {
        data = typeof data === 'string' ? JSON.parse(data) : data;
      } catch (e) {
        return;
      }
      record(msg.channel, { offset: data.offset, epoch: data.epoch });
      return;
    }
    const pos = msg.raftbus;
    if (!pos || typeof pos.offset !== 'number') {
      return;
    }
    if (msg.event === 'pusher_internal:subscription_succeeded') {
      // A resumed subscription keeps its own position; replayed events advance it.
      if (!positions[msg.channel]) {
        record(msg.channel, pos);
      }
      return;
    }
    const known = positions[msg.channel];
    if (!known || pos.offset > known.offset || pos.epoch !== known.epoch) {
      record(msg.channel, pos);
    }
  }

  let boundTransport = null;
  pusher.connection.bind('connected', function () {
    const conn = pusher.connection.connection;
    const transport = conn && conn.transport;
    if (transport && transport !== boundTransport) {
      boundTransport = transport;
      transport.bind('message', onRawMessage);
    }
  });

  const sendEvent = pusher.send_event.bind(pusher);
  pusher.send_event = function (name, data, channel) {
    if (name === 'pusher:subscribe' && data && positions[data.channel]) {
      data = Object.assign({}, data, { resume: positions[data.channel] });
    } else if (name === 'pusher:unsubscribe' && data) {
      delete positions[data.channel];
    }
    return sendEvent(name, data, channel);
  };

  // pusher-js opens its socket from the constructor; reopen it so that the URL carries the opt-in parameter.
  const state = pusher.connection.state;
  if (state === 'connecting' || state === 'connected') {
    pusher.disconnect();
    pusher.connect();
  }

  return {
    position: (channel) => positions[channel],
    positions: () => Object.assign({}, positions),
  };
}

module.exports = { enableResume };
