// The value a go command would use for a setting: the environment wins, then `go env -w` (os.UserConfigDir()/go/env),
// then $GOROOT/go.env (Go 1.21+ ships GOTOOLCHAIN=auto there), then Go's built-in default.
import { xdgDir } from '../paths.js';
import { posix } from 'node:path';
import type { Host } from '../host/host.js';

const DEFAULTS: Record<string, string> = {
  GOPROXY: 'https://proxy.golang.org,direct',
  GOTOOLCHAIN: 'auto',
};

function parseEnvFile(text: string | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) values[match[1]!] = match[2]!.trim();
  }
  return values;
}

export interface GoSettings {
  get(key: string): string | undefined;
  /** What `go env -w` wrote (os.UserConfigDir()/go/env), and where. */
  written: Record<string, string>;
  writtenFile: string;
  /** The value when the environment does not set it: `go env -w`, then $GOROOT/go.env, then Go's default. */
  withoutEnvironment(key: string): string | undefined;
}

export async function goSettings(host: Host, home: string, goroot: string | undefined): Promise<GoSettings> {
  const configHome = xdgDir(host.env, 'XDG_CONFIG_HOME', home);
  const writtenFile = host.env.GOENV || posix.join(configHome, 'go/env');
  const [userFile, gorootFile] = await Promise.all([
    host.readFile(writtenFile),
    goroot ? host.readFile(posix.join(goroot, 'go.env')) : Promise.resolve(null),
  ]);
  const written = parseEnvFile(userFile);
  const layers = [written, parseEnvFile(gorootFile), DEFAULTS];
  const withoutEnvironment = (key: string) => layers.find((layer) => layer[key])?.[key];
  return {
    get: (key) => host.env[key] || withoutEnvironment(key),
    written,
    writtenFile,
    withoutEnvironment,
  };
}
