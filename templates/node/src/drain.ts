// The Node server under the service, whichever framework routes its requests: its timeouts and
// the SIGTERM drain, which turns kept-alive connections over without a reset (the project's ADR 0015).
import http from 'node:http';
import net, { type Socket } from 'node:net';
import type { Config } from './config.js';
import type { Log } from './log.js';

// Idle keep-alive connections are closed after 65 s, above the 60 s idle timeout of common L7
// proxies: a proxy must never reuse a connection the service is closing (intermittent 502s).
export const KEEP_ALIVE_MS = 65_000;
// Node's header timer also runs while a kept-alive connection waits for its next request, so it
// must exceed the keep-alive timeout; requestTimeout bounds the whole request (slow clients).
export const HEADERS_TIMEOUT_MS = 66_000;
export const REQUEST_TIMEOUT_MS = 90_000;
// At the drain, a connection that has not delivered a whole request within this time of being
// accepted or answered is closed rather than waited for, as in every generated service.
export const UNSTARTED_GRACE_MS = 1_000;
// A closing connection reads and drops its client's input for up to this long after its FIN.
export const LINGER_MS = 500;
// At most this long for the kernel's accept queue to empty before the listener closes.
export const ACCEPT_QUEUE_MS = 100;

export class DrainingServer extends http.Server {
  #draining = false;
  #closing = false;
  #stopping: Promise<number> | undefined;
  // Every socket with the time it last became idle (connected, or its last response written), and
  // the ones with a request in the handler: at the drain, a socket idle for UNSTARTED_GRACE_MS is
  // closed instead of holding the drain up; a younger one may be carrying a request right now.
  readonly #sockets = new Map<Socket, number>();
  readonly #busy = new Set<Socket>();
  #accepted = 0;

  readonly #config: Pick<Config, 'shutdownDelayMs' | 'shutdownTimeoutMs'>;
  readonly #log: Log;
  readonly #afterClose: () => Promise<number>;

  /**
   * `handler` serves every request; `afterClose` runs once the last connection has ended, within
   * the shutdown timeout, and resolves with the exit code.
   */
  constructor(
    handler: http.RequestListener,
    config: Pick<Config, 'shutdownDelayMs' | 'shutdownTimeoutMs'>,
    log: Log,
    afterClose: () => Promise<number> = async () => 0,
  ) {
    super({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 2_000 });
    this.#config = config;
    this.#log = log;
    this.#afterClose = afterClose;
    this.keepAliveTimeout = KEEP_ALIVE_MS;
    this.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const socket = req.socket;
      // Sent after our FIN by a client that did not heed `Connection: close`: read, never answered.
      if (socket.writableEnded) return;
      this.#busy.add(socket);
      res.on('close', () => {
        this.#busy.delete(socket);
        if (this.#sockets.has(socket)) this.#sockets.set(socket, Date.now());
        if (this.#closing) socket.destroySoon();
      });
      handler(req, res);
    });
    this.on('connection', (socket: Socket) => {
      this.#accepted++;
      this.#sockets.set(socket, Date.now());
      socket.on('close', () => this.#sockets.delete(socket));
      // Node closes a connection after a `Connection: close` response with destroySoon(): a full
      // close that answers any input arriving after it with an RST, which can destroy the response
      // before the client has read it. Closed in stages instead, as RFC 9112 (section 9.6) asks and
      // Go's net/http does: FIN, then input is read and dropped until the client's FIN or LINGER_MS.
      socket.destroySoon = function (this: Socket) {
        if (this.destroyed) return;
        this.end();
        const timer = setTimeout(() => this.destroy(), LINGER_MS);
        timer.unref();
        this.once('close', () => clearTimeout(timer));
      };
    });
  }

  /** From the first shutdown() on: responses carry `Connection: close`, /readyz answers 503. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Starts the drain (idempotent); resolves with the exit code: 0 drained, 1 timed out. */
  shutdown(reason: string): Promise<number> {
    if (!this.#stopping) {
      this.#draining = true;
      this.#log('info', 'shutdown signal received, draining', {
        signal: reason,
        delay_seconds: this.#config.shutdownDelayMs / 1000,
        timeout_seconds: this.#config.shutdownTimeoutMs / 1000,
      });
      this.#stopping = this.#drain();
    }
    return this.#stopping;
  }

  async #drain(): Promise<number> {
    const { shutdownDelayMs, shutdownTimeoutMs } = this.#config;
    // Keep serving while the endpoint removal propagates to Services and load balancers.
    await new Promise((resolve) => setTimeout(resolve, shutdownDelayMs));
    // Connections the kernel completed while the process was not scheduled wait in its accept
    // queue, and closing the listener resets them. The event loop accepts one per turn, after the
    // timers: the close waits for a turn that accepts none (bounded, should clients never stop).
    const until = Date.now() + ACCEPT_QUEUE_MS;
    let before: number;
    do {
      before = this.#accepted;
      await new Promise((resolve) => setImmediate(resolve));
    } while (this.#accepted !== before && Date.now() < until);
    this.#log('info', 'no longer accepting connections, waiting for in-flight requests');
    return new Promise<number>((resolve) => {
      const sweep = (): void => {
        // Idle for the grace, or still sending its request after it: nothing in flight to lose.
        // Only sockets already answered (and told `Connection: close`) or never used reach here,
        // and their input is empty, so closing sends FIN, not RST.
        const now = Date.now();
        for (const [socket, since] of this.#sockets)
          if (!this.#busy.has(socket) && now - since >= UNSTARTED_GRACE_MS) socket.destroy();
      };
      const sweeper = setInterval(sweep, 100);
      const force = setTimeout(() => {
        clearInterval(sweeper);
        this.closeAllConnections();
        for (const socket of this.#sockets.keys()) socket.destroy();
        resolve(1);
      }, shutdownTimeoutMs);
      // Never the reason the process stays alive.
      force.unref();
      this.#closing = true;
      // The listener only: http.Server#close would also destroy every connection without a
      // request yet, including one accepted a moment ago whose request is on its way (a reset).
      net.Server.prototype.close.call(this, () => {
        clearInterval(sweeper);
        void this.#afterClose().then((code) => {
          clearTimeout(force);
          resolve(code);
        });
      });
      sweep();
    });
  }
}
