// Picks a free TCP port on the loopback interface (listen on port 0, close).
// Racy by nature: callers that start a server on it should retry on a clash.
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export function freePort(host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('freePort: no port assigned'))));
    });
  });
}
