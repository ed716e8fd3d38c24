import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

/** A plain node:http request listener. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * An HTTP server that knows every socket it accepted: it counts connections at the `connection`
 * event (before a byte is parsed — how PHI tests prove nothing reached a cloud simulator), can stop
 * listening and start again on the same port (the "refuse connections" fault), and on `stop()`
 * destroys every open socket so no test waits for a keep-alive timeout.
 */
export class TrackedServer {
  readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private accepted = 0;
  private listening = false;
  private boundPort: number;

  constructor(
    handler: RequestHandler,
    readonly host: string,
    port: number,
  ) {
    this.boundPort = port;
    this.server = createServer({ keepAliveTimeout: 5_000 }, handler);
    this.server.on('connection', (socket: Socket) => {
      this.accepted += 1;
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    // A client that sends garbage or hangs up mid-request must not crash the simulator.
    this.server.on('clientError', (_error, socket: Socket) => socket.destroy());
  }

  /** The port (known once listening, or when given up front). */
  get port(): number {
    return this.boundPort;
  }

  /** Every TCP connection accepted so far. */
  get connectionsAccepted(): number {
    return this.accepted;
  }

  /** Sockets open right now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Starts listening (again). Rejects with the listen error, e.g. EADDRINUSE. */
  listen(): Promise<void> {
    if (this.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(this.boundPort, this.host, () => {
        this.server.off('error', onError);
        this.boundPort = (this.server.address() as AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  /** Stops accepting connections (new ones are refused) and closes idle keep-alive sockets. */
  pause(): void {
    if (!this.listening) return;
    this.listening = false;
    this.server.close();
    this.server.closeIdleConnections();
  }

  /** Stops for good: no listener, every socket destroyed, in-flight requests cut. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      if (!this.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
    });
    this.listening = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}

/** Finds a free port on `host` by binding port 0 and letting it go (for servers that listen later). */
export function reservePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
