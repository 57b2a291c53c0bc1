// Several workers for one analysis: the channel between the analysis worker and the page's helper
// workers. Built after worker-saved.js into the served page's worker (which can be either), not
// into tribes.html's (from disk a page is never cross-origin isolated, and its wasm build has no
// block pool) nor embed.js's.
//
// Each helper has its own SharedArrayBuffer, the channel (CHANNEL, CHANNEL_HEAD below): a
// header of four Int32 (the state, the length of the message or reply in numbers) and then the
// Float64 numbers of the message or the reply. The analysis worker's pool (passed to
// Session.analyzeWith, which gives the core's Lloyd blocks after its own to the helpers) writes a
// message, sets REQUEST and notifies; the helper, waiting (Atomics.waitAsync), answers with its
// BlockHost, writes the reply, sets REPLY and notifies; the pool waits for it (Atomics.wait). A helper that throws sets FAILED; a helper the page saw end
// (its onerror) is set GONE by the page; either way the pool's receive throws, the core finishes
// the work in the analysis worker alone (the same labels), and the pool is not used again.
//
// A SharedArrayBuffer needs the page cross-origin isolated (the headers COOP and COEP): without
// them the page starts no helper, and one worker does everything, as before.

/* global BlockHost, TO_WORKER, PAGE_HANDLERS */

/** A channel's states, its header's first Int32 (the second is the length of the message or
 * reply). app.js writes GONE (5) when it sees a helper end, and makes channels with a header of
 * CHANNEL_HEAD (16) bytes: change them there too. */
const CHANNEL = Object.freeze({ STARTING: 0, IDLE: 1, REQUEST: 2, REPLY: 3, FAILED: 4, GONE: 5 });
/** Bytes before a channel's numbers. */
const CHANNEL_HEAD = 16;

/** How long the pool waits for a reply before it takes the helper for stopped. */
const REPLY_WAIT_MS = 120_000;

/** The helpers' channels the page gave this worker, while they can be used. */
let channels = [];

/** The pool over the channels whose helper is waiting: what Session.analyzeWith takes. */
function blockPool(ready) {
  const hosts = ready.map((c) => ({ head: new Int32Array(c, 0, 4), data: new Float64Array(c, CHANNEL_HEAD) }));
  return {
    hosts: hosts.length,
    capacity: Math.min(...hosts.map((h) => h.data.length)),
    reached: new Set(),
    // `message` is a view of the wasm module's memory: copied into the channel at once.
    send(i, message) {
      const { head, data } = hosts[i];
      const state = Atomics.load(head, 0);
      if (state !== CHANNEL.IDLE && state !== CHANNEL.REPLY) throw new Error(`helper ${i} is not waiting (state ${state})`);
      if (message.length > data.length) throw new Error(`a message of ${message.length} numbers for a channel of ${data.length}`);
      data.set(message);
      head[1] = message.length;
      Atomics.store(head, 0, CHANNEL.REQUEST);
      Atomics.notify(head, 0);
      this.reached.add(i);
    },
    receive(i) {
      const { head, data } = hosts[i];
      const until = performance.now() + REPLY_WAIT_MS;
      for (;;) {
        const state = Atomics.load(head, 0);
        // A view: the core copies it before the next message is sent.
        if (state === CHANNEL.REPLY) return data.subarray(0, head[1]);
        if (state !== CHANNEL.REQUEST) throw new Error(`helper ${i} stopped (state ${state})`);
        if (performance.now() > until) throw new Error(`helper ${i} did not answer in ${REPLY_WAIT_MS / 1000} s`);
        Atomics.wait(head, 0, CHANNEL.REQUEST, 1000);
      }
    },
  };
}

/**
 * A helper's life: answer the analysis worker's messages on `channel` until it is GONE. It waits
 * with Atomics.waitAsync where there is one, so that the worker stays responsive between messages
 * (to the page's tools, and to being ended).
 */
async function hostLoop(channel) {
  const head = new Int32Array(channel, 0, 4);
  const data = new Float64Array(channel, CHANNEL_HEAD);
  const host = new BlockHost();
  Atomics.store(head, 0, CHANNEL.IDLE);
  Atomics.notify(head, 0);
  for (;;) {
    const state = Atomics.load(head, 0);
    if (state === CHANNEL.IDLE || state === CHANNEL.REPLY) {
      if (typeof Atomics.waitAsync !== 'function') {
        Atomics.wait(head, 0, state);
        continue;
      }
      const waiting = Atomics.waitAsync(head, 0, state);
      if (waiting.async) await waiting.value;
      continue;
    }
    if (state !== CHANNEL.REQUEST) return;
    let reply;
    try {
      reply = host.handle(data.subarray(0, head[1]));
      if (reply.length > data.length) throw new Error(`a reply of ${reply.length} numbers`);
    } catch (err) {
      // A trap leaves the module unusable: this helper answers no more.
      Atomics.store(head, 0, CHANNEL.FAILED);
      Atomics.notify(head, 0);
      throw err;
    }
    data.set(reply);
    head[1] = reply.length;
    Atomics.store(head, 0, CHANNEL.REPLY);
    Atomics.notify(head, 0);
  }
}

Object.assign(PAGE_HANDLERS, {
  // The analysis worker: the helpers' channels, for every analysis from now on.
  [TO_WORKER.WORKERS]: (msg) => {
    channels = (msg.channels || []).filter((c) => typeof SharedArrayBuffer === 'function' && c instanceof SharedArrayBuffer);
  },
  // A helper: it answers blocks from now on, and nothing else.
  [TO_WORKER.HOST]: (msg) => hostLoop(msg.channel),
  // Segmenting, with the helpers that are waiting (none: as one worker). `workers` counts the
  // workers that ran Lloyd's blocks: 1 when the rows were too few, or a helper failed.
  segment: (session, options, onProgress) => {
    const ready = channels.filter((c) => {
      const state = Atomics.load(new Int32Array(c, 0, 4), 0);
      return state === CHANNEL.IDLE || state === CHANNEL.REPLY;
    });
    if (!ready.length) return { result: session.analyze(options, onProgress), workers: 1 };
    const pool = blockPool(ready);
    const result = session.analyzeWith(pool, options, onProgress);
    if (pool.failed) channels = [];
    return { result, workers: pool.used ? 1 + pool.reached.size : 1 };
  },
});
