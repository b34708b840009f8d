// Where the teacher's machine can be reached: the first non-internal IPv4 address (the LAN a classroom shares).
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** The address to listen on and advertise by default, or null when this machine has no LAN address. */
export function lanAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string | null {
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) return entry.address;
    }
  }
  return null;
}

/** `http://host:port` with IPv6 addresses in brackets. */
export function originOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
