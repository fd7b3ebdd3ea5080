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
  /**
   * Each open connection: its responses in flight, and the bytes it had read when it last fell
   * idle (more since means a request is arriving, its headers not whole yet, so no 'request'
   * event has said so).
   */
  const open = new Map<Socket, { responses: number; readWhenIdle: number }>();
  let stopping = false;
  server.on('connection', (socket: Socket) => {
    open.set(socket, { responses: 0, readWhenIdle: 0 });
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (request, response) => {
    const state = open.get(request.socket);
    if (state) state.responses += 1;
    // A request that came after the signal on a kept-alive connection: its answer is the last
    // (RFC 9112, section 9.6), so the client does not send another into a closing connection.
    if (stopping && !response.headersSent) response.setHeader('Connection', 'close');
    response.once('close', () => {
      if (!state) return;
      state.responses -= 1;
      state.readWhenIdle = request.socket.bytesRead;
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
          for (const [socket, { responses, readWhenIdle }] of open) {
            const idle = responses === 0 && socket.bytesRead === readWhenIdle;
            // end() sends the FIN after the queued bytes; destroy() would drop them.
            if (idle && socket.writableLength === 0 && !socket.writableEnded) socket.end();
          }
          if (open.size === 0) finish(true);
        };
        const timer = setInterval(sweep, 25);
        const cut = setTimeout(() => {
          for (const socket of open.keys()) socket.destroy();
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
