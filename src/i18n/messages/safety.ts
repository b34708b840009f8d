import type { AreaCatalog } from '../index.js';

export const safetyMessages: AreaCatalog = {
  en: {
    'safety.target.home': 'refusing to install Go at {path}: it is / or holds your home directory {conflict}; choose a directory of its own, e.g. ~/.local/go',
    'safety.target.own-dir':
      "refusing to install Go at {path}: it holds or lies inside go-setup-wizard's own files ({conflict}); choose a directory of its own, e.g. ~/.local/go",
    'safety.target.system': 'refusing to install Go at {path}: it is or holds the system directory {conflict}; choose a directory of its own, e.g. /usr/local/go',
    'safety.target.not-directory': 'refusing to install Go at {path}: {conflict} is a file, not a directory',
    'safety.target.not-go':
      'refusing to install Go at {path}: it already holds something that is not a Go tree (no VERSION, bin/go and src/); choose an empty or new directory',
    'safety.target.resolved': '{message} ({path} resolves to {resolved})',
    'safety.prune.kept': 'kept {path}: it is not a Go tree moved aside by go-setup-wizard, so prune never deletes it',
  },
  zh: {
    'safety.target.home': '拒绝把 Go 安装到 {path}：它是 / 或包含你的主目录 {conflict}；请选择一个专用目录，例如 ~/.local/go',
    'safety.target.own-dir': '拒绝把 Go 安装到 {path}：它包含或位于 go-setup-wizard 自己的文件中（{conflict}）；请选择一个专用目录，例如 ~/.local/go',
    'safety.target.system': '拒绝把 Go 安装到 {path}：它是或包含系统目录 {conflict}；请选择一个专用目录，例如 /usr/local/go',
    'safety.target.not-directory': '拒绝把 Go 安装到 {path}：{conflict} 是文件，不是目录',
    'safety.target.not-go': '拒绝把 Go 安装到 {path}：其中已有内容且不是 Go 目录树（没有 VERSION、bin/go 和 src/）；请选择空目录或新目录',
    'safety.target.resolved': '{message}（{path} 实际指向 {resolved}）',
    'safety.prune.kept': '保留 {path}：它不是 go-setup-wizard 移走的 Go 目录树，prune 从不删除它',
  },
};
