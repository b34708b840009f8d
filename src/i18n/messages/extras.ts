import type { AreaCatalog } from '../catalog.js';

// The optional steps beyond Go itself: a C compiler, the desktop session's environment, gopls, git's proxy;
// their flags and the wizard's questions about them.
export const extrasMessages: AreaCatalog = {
  en: {
    'cli.flag.build-essential': 'when no C compiler is found, install build-essential with apt (for cgo and -race; rollback removes what apt added)',
    'cli.flag.session-env': 'also write ~/.config/environment.d/go.conf so editors and services started from the desktop find Go (next login)',
    'cli.flag.gopls': 'also install gopls, the Go language server editors use, through the configured GOPROXY',
    'cli.flag.git-proxy': 'also make git use the proxy (http.proxy in the global git config), for `go get` of modules fetched direct',
    'extras.cc.title': 'Install {packages} (a C compiler for cgo and -race)',
    'extras.cc.why':
      'No C compiler was found: packages that use cgo and `go test -race` need one. apt adds exactly the packages listed, and rollback removes exactly those.',
    'extras.cc.noRoot': 'No C compiler (gcc) was found, and this user can use neither root nor sudo to install one: ask an administrator to run `{command}`.',
    'extras.cc.installedNotFound': 'No C compiler (gcc) is on PATH, though apt has {packages} installed: check PATH, or reinstall it with `sudo apt install --reinstall gcc`.',
    'extras.session.title': 'Write {path} (Go for editors and services started from the desktop)',
    'extras.session.why':
      'Editors launched from the dock or menu and systemd user services do not read .bashrc or .profile; the session reads this file at the next login. Rollback removes it.',
    'extras.session.unsafePath': '{path} cannot be written into environment.d as it is (spaces, quotes or $ in it): choose another location, or leave out --session-env.',
    'extras.git.title': 'Set git\'s http.proxy in {path}',
    'extras.git.why': '`go get` fetches modules that are not on the GOPROXY (GOPRIVATE, direct) with git, which does not read the proxy variables of the wizard; rollback restores the file byte for byte.',
    'extras.git.whySecret':
      '`go get` fetches modules that are not on the GOPROXY (GOPRIVATE, direct) with git. The proxy holds a password, so the file is made private (0600) before it is written; rollback restores the file and its mode.',
    'extras.git.noProxy': '--git-proxy needs a proxy: give --https-proxy or --http-proxy (or set https_proxy), or leave out --git-proxy.',
    'extras.gopls.title': 'Install gopls into {path}',
    'extras.gopls.why':
      'The Go extension of VS Code (and other editors) asks for gopls; it is built with the new Go through the configured GOPROXY, in scratch caches that are removed afterwards. Rollback removes the binary.',
  },
  zh: {
    'cli.flag.build-essential': '找不到 C 编译器时，用 apt 安装 build-essential（cgo 和 -race 需要；回滚会删除 apt 添加的包）',
    'cli.flag.session-env': '同时写入 ~/.config/environment.d/go.conf，让从桌面启动的编辑器和服务也能找到 Go（下次登录生效）',
    'cli.flag.gopls': '同时通过所配置的 GOPROXY 安装 gopls（编辑器使用的 Go 语言服务器）',
    'cli.flag.git-proxy': '同时让 git 使用代理（全局 git 配置中的 http.proxy），供 `go get` 直接（direct）获取模块时使用',
    'extras.cc.title': '安装 {packages}（cgo 和 -race 所需的 C 编译器）',
    'extras.cc.why': '没有找到 C 编译器：使用 cgo 的包和 `go test -race` 需要它。apt 只会添加所列出的包，回滚也只删除这些包。',
    'extras.cc.noRoot': '没有找到 C 编译器（gcc），而且当前用户既不是 root 也不能使用 sudo：请管理员运行 `{command}`。',
    'extras.cc.installedNotFound': 'PATH 中没有 C 编译器（gcc），但 apt 显示 {packages} 已安装：请检查 PATH，或用 `sudo apt install --reinstall gcc` 重新安装。',
    'extras.session.title': '写入 {path}（让从桌面启动的编辑器和服务使用 Go）',
    'extras.session.why': '从程序坞或菜单启动的编辑器以及 systemd 用户服务不会读取 .bashrc 或 .profile；会话会在下次登录时读取此文件。回滚会删除它。',
    'extras.session.unsafePath': '{path} 无法原样写入 environment.d（其中含有空格、引号或 $）：请换一个位置，或不使用 --session-env。',
    'extras.git.title': '在 {path} 中设置 git 的 http.proxy',
    'extras.git.why': '`go get` 用 git 获取不在 GOPROXY 上的模块（GOPRIVATE、direct），而 git 不会读取本向导的代理变量；回滚会逐字节恢复该文件。',
    'extras.git.whySecret': '`go get` 用 git 获取不在 GOPROXY 上的模块（GOPRIVATE、direct）。代理中含有密码，因此写入前先把文件设为私有（0600）；回滚会恢复该文件及其权限。',
    'extras.git.noProxy': '--git-proxy 需要一个代理：请提供 --https-proxy 或 --http-proxy（或设置 https_proxy），或者不使用 --git-proxy。',
    'extras.gopls.title': '把 gopls 安装到 {path}',
    'extras.gopls.why': 'VS Code（及其他编辑器）的 Go 扩展需要 gopls；它用新的 Go 通过所配置的 GOPROXY 构建，使用临时缓存，完成后删除。回滚会删除该程序。',
  },
};
