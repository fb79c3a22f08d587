// Is a host port free? Binding it (and letting go at once) is the only
// reliable answer; it also picks a free port for -P and "-p 80". Ports other
// containers of this store publish are checked by the caller (DNAT holds no
// socket, so a bind would not see them).
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { NetworkError } from '../errors.js';
import type { Proto } from './ports.js';

export function probePort(proto: Proto, hostIp: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => {
      const where = `${hostIp}:${port || 'any'}`;
      if (err.code === 'EADDRINUSE') {
        reject(new NetworkError('PORT_IN_USE', `Bind for ${where} failed: port is already allocated`, {
          hint: 'choose another host port, or stop what listens there',
          fields: { hostIp, hostPort: port, proto },
        }));
      } else if (err.code === 'EADDRNOTAVAIL') {
        reject(new NetworkError('NETWORK_INVALID', `cannot publish on ${where}: ${hostIp} is not an address of this host`));
      } else {
        reject(new NetworkError('PORT_IN_USE', `cannot bind ${proto} ${where}: ${err.message}`, { cause: err }));
      }
    };
    if (proto === 'tcp') {
      const server = createServer();
      server.once('error', fail);
      server.listen({ host: hostIp, port, exclusive: true }, () => {
        const bound = (server.address() as { port: number }).port;
        server.close(() => resolve(bound));
      });
    } else {
      const socket = createSocket('udp4');
      socket.once('error', fail);
      socket.bind({ address: hostIp, port, exclusive: true }, () => {
        const bound = socket.address().port;
        socket.close(() => resolve(bound));
      });
    }
  });
}
