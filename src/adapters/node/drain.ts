// A graceful stop for a node:http server: no new connection is accepted, every response in
// flight is sent to its last byte, idle keep-alive connections are closed, all within a deadline.
import type { Server } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

export interface Drain {
  /**
   * Stops accepting and closes each connection once it has no response in flight and every
   * byte it was given is handed to the kernel; resolves true when all are closed, false when
   * the deadline cut the rest.
   */
  drain(deadlineMs: number): Promise<boolean>;
}

/** Tracks `server`'s connections from now on (call it before it listens). */
export function trackConnections(server: Server): Drain {
  /** Responses in flight on each open connection. */
  const busy = new Map<Socket, number>();
  /**
   * Bytes each connection had read when it last fell idle: more since means a request is
   * arriving (its headers are not whole yet, so no 'request' event has said so).
   */
  const readWhenIdle = new Map<Socket, number>();
  let stopping = false;
  server.on('connection', (socket: Socket) => {
    busy.set(socket, 0);
    readWhenIdle.set(socket, 0);
    socket.once('close', () => {
      busy.delete(socket);
      readWhenIdle.delete(socket);
    });
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    // A request that came after the signal on a kept-alive connection: its answer is the last
    // (RFC 9112, section 9.6), so the client does not send another into a closing connection.
    if (stopping && !response.headersSent) response.setHeader('Connection', 'close');
    response.once('close', () => {
      if (!busy.has(socket)) return;
      busy.set(socket, (busy.get(socket) ?? 1) - 1);
      readWhenIdle.set(socket, socket.bytesRead);
    });
  });

  return {
    drain(deadlineMs) {
      stopping = true;
      // net.Server's own close stops accepting. http.Server's (Node 19 and later) also
      // destroys every connection with no request in flight, and a response counts as done
      // once it is ended, its bytes maybe still queued: a slow reader lost the rest.
      NetServer.prototype.close.call(server);
      return new Promise((resolve) => {
        const sweep = () => {
          for (const [socket, responses] of busy) {
            const idle = responses === 0 && socket.bytesRead === readWhenIdle.get(socket);
            // end() sends the FIN after the queued bytes; destroy() would drop them.
            if (idle && socket.writableLength === 0 && !socket.writableEnded) socket.end();
          }
          if (busy.size === 0) finish(true);
        };
        const timer = setInterval(sweep, 25);
        const cut = setTimeout(() => {
          for (const socket of busy.keys()) socket.destroy();
          finish(false);
        }, deadlineMs);
        const finish = (drained: boolean) => {
          clearInterval(timer);
          clearTimeout(cut);
          resolve(drained);
        };
        sweep();
      });
    },
  };
}
