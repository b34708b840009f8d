// The startup-file reader on files written the way Go install guides and blog posts write them: bash, zsh and fish
// profiles, /etc/environment, /etc/profile.d, environment.d and fish's universal variables, on a fixture machine.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readStartupEnvironment, startupPlaces } from '../../src/detect/startup-env.js';
import { createFixtureHost } from '../../src/host/fixture.js';
import type { StartupSetting } from '../../src/types.js';
import { goTree, writeFile } from '../fixtures/trees.js';

const root = mkdtempSync(join(tmpdir(), 'gsw-startup-'));
after(() => rmSync(root, { recursive: true, force: true }));

const HOME = '/home/ada';
const env = { HOME, PATH: '/usr/bin:/bin', XDG_CONFIG_HOME: `${HOME}/.config` };

function machine(files: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(root, 'm-'));
  for (const [path, content] of Object.entries(files)) writeFile(dir, path, content);
  const host = createFixtureHost({ root: dir, env: { ...env, ...extraEnv } });
  return { dir, read: () => readStartupEnvironment(host, startupPlaces(host.env, HOME)) };
}

const brief = (settings: StartupSetting[]) => settings.map((s) => `${s.file}:${s.line} ${s.variable}=${s.variable === 'PATH' ? s.goBins!.join(',') : s.resolved ?? `?${s.value}`}`);

test('bash: the classic guide block in ~/.bashrc, the PATH line in ~/.profile', async () => {
  const { read } = machine({
    [`${HOME}/.bashrc`]: [
      '# ~/.bashrc: executed by bash(1) for non-login shells.',
      'case $- in *i*) ;; *) return;; esac',
      'HISTSIZE=1000',
      '',
      '# Go',
      'export GOROOT=/usr/local/go',
      'export GOPATH=$HOME/go',
      'export PATH=$GOPATH/bin:$GOROOT/bin:$PATH',
      'export GO111MODULE=on',
      'export GOPROXY=https://goproxy.cn,direct  # 七牛云',
      '# export GOSUMDB=off',
      'alias gob="GOOS=linux go build"',
      'GOFLAGS=-mod=mod go build ./... 2>/dev/null',
      'export PATH="$HOME/.cargo/bin:$PATH"',
      'export PATH=$PATH:$(go env GOPATH)/bin',
    ].join('\n'),
    [`${HOME}/.profile`]: 'if [ -d "$HOME/bin" ] ; then\n    PATH="$HOME/bin:$PATH"\nfi\nexport PATH=$PATH:/usr/local/go/bin\n',
  });
  assert.deepEqual(brief(await read()), [
    `${HOME}/.profile:4 PATH=/usr/local/go/bin`,
    `${HOME}/.bashrc:6 GOROOT=/usr/local/go`,
    `${HOME}/.bashrc:7 GOPATH=${HOME}/go`,
    `${HOME}/.bashrc:8 PATH=/usr/local/go/bin`,
    `${HOME}/.bashrc:9 GO111MODULE=on`,
    `${HOME}/.bashrc:10 GOPROXY=https://goproxy.cn,direct`,
  ]);
});

test('two-line forms, declare -x, conditionals and the wizard block', async () => {
  const { read } = machine({
    [`${HOME}/.bashrc`]: [
      'GOPROXY="https://goproxy.io,direct"; export GOPROXY',
      'CGO_ENABLED=0',
      'export CGO_ENABLED',
      'GOTOOLCHAIN=local',
      'declare -x GONOSUMDB=git.corp.example',
      '[ -d /usr/lib/go-1.22/bin ] && export PATH="/usr/lib/go-1.22/bin:$PATH"',
      'if [ -d "$HOME/sdk/go1.21.0" ]; then',
      '  export PATH="$HOME/sdk/go1.21.0/bin:$PATH"',
      'fi',
      '# >>> go-setup-wizard >>>',
      'export GOROOT=/should/not/count',
      '# <<< go-setup-wizard <<<',
      'PATH+=:/opt/go/bin',
    ].join('\n'),
  });
  const settings = await read();
  assert.deepEqual(brief(settings), [
    `${HOME}/.bashrc:1 GOPROXY=https://goproxy.io,direct`,
    `${HOME}/.bashrc:2 CGO_ENABLED=0`,
    `${HOME}/.bashrc:5 GONOSUMDB=git.corp.example`,
    `${HOME}/.bashrc:6 PATH=/usr/lib/go-1.22/bin`,
    `${HOME}/.bashrc:8 PATH=${HOME}/sdk/go1.21.0/bin`,
    `${HOME}/.bashrc:13 PATH=/opt/go/bin`,
  ]);
  // GOTOOLCHAIN=local is never exported here: it does not reach go.
  assert.equal(settings.find((s) => s.line === 8)!.nested, true);
  assert.equal(settings.find((s) => s.line === 6)!.nested, false);
});

test('zsh under ZDOTDIR: .zshenv, .zprofile, .zshrc and the path array', async () => {
  const zdot = `${HOME}/.config/zsh`;
  const { read } = machine(
    {
      [`${zdot}/.zshenv`]: 'export GOPATH="$HOME/code/go"\n',
      [`${zdot}/.zprofile`]: 'path=(/usr/local/go/bin $path)\n',
      [`${zdot}/.zshrc`]: 'export PATH="$PATH:$GOPATH/bin"\nexport GOBIN=$GOPATH/bin\npath+=("$HOME/.local/go/bin")\n',
      [`${HOME}/.zshrc`]: 'export GOROOT=/ignored/because/of/zdotdir\n',
    },
    { ZDOTDIR: zdot },
  );
  assert.deepEqual(brief(await read()), [
    `${zdot}/.zshenv:1 GOPATH=${HOME}/code/go`,
    `${zdot}/.zprofile:1 PATH=/usr/local/go/bin`,
    `${zdot}/.zshrc:2 GOBIN=${HOME}/code/go/bin`,
    `${zdot}/.zshrc:3 PATH=${HOME}/.local/go/bin`,
  ]);
});

test('fish: config.fish, conf.d, set -gx / set -Ux / fish_add_path, and universal variables', async () => {
  const fish = `${HOME}/.config/fish`;
  const { read } = machine({
    [`${fish}/config.fish`]: [
      'if status is-interactive',
      '    # Commands to run in interactive sessions can go here',
      'end',
      'set -gx GOROOT /usr/local/go',
      'set -gx GOPATH $HOME/go',
      'set -gx PATH $GOPATH/bin $GOROOT/bin $PATH',
      'set -Ux GOPROXY https://goproxy.cn',
      'set -U GOPRIVATE not-exported.example',
      'fish_add_path /usr/local/go/bin',
    ].join('\n'),
    [`${fish}/conf.d/golang.fish`]: 'set --export --global GO111MODULE off\n',
    [`${fish}/fish_variables`]: [
      '# This file contains fish universal variable definitions.',
      '# VERSION: 3.0',
      'SETUVAR --export GOSUMDB:off',
      'SETUVAR __fish_initialized:3400',
      'SETUVAR fish_user_paths:/usr/local/go/bin\\x1e/home/ada/\\x2elocal/bin',
    ].join('\n'),
  });
  assert.deepEqual(brief(await read()), [
    `${fish}/fish_variables:3 GOSUMDB=off`,
    `${fish}/fish_variables:5 PATH=/usr/local/go/bin`,
    `${fish}/conf.d/golang.fish:1 GO111MODULE=off`,
    `${fish}/config.fish:4 GOROOT=/usr/local/go`,
    `${fish}/config.fish:5 GOPATH=${HOME}/go`,
    `${fish}/config.fish:6 PATH=/usr/local/go/bin`,
    `${fish}/config.fish:7 GOPROXY=https://goproxy.cn`,
    `${fish}/config.fish:9 PATH=/usr/local/go/bin`,
  ]);
});

test('system files and environment.d: /etc/environment, /etc/profile.d, a user environment.d file', async () => {
  const { dir, read } = machine({
    '/etc/environment': 'PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin:/usr/local/go/bin"\nGOPROXY=https://goproxy.io\n',
    '/etc/profile.d/golang.sh': 'export GOROOT=/opt/go\nexport PATH=$PATH:$GOROOT/bin\n',
    [`${HOME}/.config/environment.d/go.conf`]: 'GOPATH=${HOME}/go\nPATH=/opt/go1.20/bin:${PATH}\n',
  });
  goTree(dir, '/opt/go', 'go1.20.14');
  const settings = await read();
  assert.deepEqual(brief(settings), [
    '/etc/environment:1 PATH=/usr/local/go/bin',
    '/etc/environment:2 GOPROXY=https://goproxy.io',
    '/etc/profile.d/golang.sh:1 GOROOT=/opt/go',
    '/etc/profile.d/golang.sh:2 PATH=/opt/go/bin',
    `${HOME}/.config/environment.d/go.conf:1 GOPATH=${HOME}/go`,
    `${HOME}/.config/environment.d/go.conf:2 PATH=/opt/go1.20/bin`,
  ]);
  assert.deepEqual(
    settings.map((s) => s.system),
    [true, true, true, true, false, false],
  );
});

test('credentials in a GOPROXY line are shown as ****', async () => {
  const { read } = machine({ [`${HOME}/.bashrc`]: 'export GOPROXY=https://ci:s3cret@goproxy.corp.example,direct\n' });
  const [setting] = await read();
  assert.equal(setting!.resolved, 'https://****@goproxy.corp.example,direct');
  assert.ok(!JSON.stringify(setting).includes('s3cret'));
});
