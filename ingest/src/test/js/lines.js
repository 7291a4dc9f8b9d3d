// Shared plumbing of the test clients: JSON lines out (one per observation), JSON lines in (commands).
'use strict';
const readline = require('readline');

/** Prints one observation as a JSON line on standard output. */
function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

/** Calls handler(cmd) for each JSON line on standard input; exits when standard input closes. */
function commands(handler) {
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', async (line) => {
    if (!line.trim()) return;
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch (e) {
      emit({ type: 'bad_command', line, error: String(e) });
      return;
    }
    try {
      await handler(cmd);
    } catch (e) {
      emit({ type: 'command_failed', id: cmd.id, cmd: cmd.cmd, error: String(e && e.message || e),
             status: e && e.status, body: e && e.body });
    }
  });
  rl.on('close', () => process.exit(0));
}

/** Reads a required environment variable. */
function env(name, dflt) {
  const v = process.env[name];
  if (v === undefined || v === '') {
    if (dflt !== undefined) return dflt;
    emit({ type: 'fatal', error: 'missing environment variable ' + name });
    process.exit(2);
  }
  return v;
}

module.exports = { emit, commands, env };
