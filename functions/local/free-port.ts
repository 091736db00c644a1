import { createServer } from 'node:net';

/**
 * A TCP port that was free on `host` a moment ago: listen on port 0, read the port, close.
 * Another process may take it before the caller binds it, so callers that spawn a server on it
 * should retry on "address in use".
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close((err) => (err ? reject(err) : port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
