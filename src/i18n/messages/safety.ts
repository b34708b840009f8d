import type { AreaCatalog } from '../catalog.js';

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
    'safety.prune.cache': 'The download cache {dir} holds {size} in {count} file(s) (verified archives and partial downloads; downloaded again when needed):',
    'safety.prune.cacheFreed': 'Freed {size} of download cache ({count} file(s)).',
    'safety.prune.total': 'Freed {size} in all.',
    'safety.lock.held':
      'another go-setup-wizard {command} is running (pid {pid}, since {since}); nothing was changed: wait for it to finish, or, if you are sure it is gone, run again with --force-unlock',
    'safety.incomplete.message': 'run {runId} ({date}, Go {version} at {target}) stopped half-way and was not rolled back',
    'safety.incomplete.fix': 'finish its rollback: {tool} rollback --run {runId}',
    'safety.incomplete.notice': 'note: run {runId} stopped half-way and is waiting for its rollback; finish it first with: {tool} rollback --run {runId}',
    'safety.incomplete.ask': 'Finish the rollback of run {runId} first?',
    'safety.incomplete.refused':
      'run {runId} stopped half-way and is waiting for its rollback; nothing was changed: finish it first with {tool} rollback --run {runId} (or run install on a terminal, which offers to)',
    'safety.lock.busy': 'could not take the run lock {file}: other runs keep taking it; nothing was changed, try again',
  },
  zh: {
    'safety.target.home': '拒绝把 Go 安装到 {path}：它是 / 或包含你的主目录 {conflict}；请选择一个专用目录，例如 ~/.local/go',
    'safety.target.own-dir': '拒绝把 Go 安装到 {path}：它包含或位于 go-setup-wizard 自己的文件中（{conflict}）；请选择一个专用目录，例如 ~/.local/go',
    'safety.target.system': '拒绝把 Go 安装到 {path}：它是或包含系统目录 {conflict}；请选择一个专用目录，例如 /usr/local/go',
    'safety.target.not-directory': '拒绝把 Go 安装到 {path}：{conflict} 是文件，不是目录',
    'safety.target.not-go': '拒绝把 Go 安装到 {path}：其中已有内容且不是 Go 目录树（没有 VERSION、bin/go 和 src/）；请选择空目录或新目录',
    'safety.target.resolved': '{message}（{path} 实际指向 {resolved}）',
    'safety.prune.kept': '保留 {path}：它不是 go-setup-wizard 移走的 Go 目录树，prune 从不删除它',
    'safety.prune.cache': '下载缓存 {dir} 占用 {size}，共 {count} 个文件（已校验的归档和未完成的下载；需要时会重新下载）：',
    'safety.prune.cacheFreed': '已从下载缓存释放 {size}（{count} 个文件）。',
    'safety.prune.total': '共释放 {size}。',
    'safety.lock.held': '另一个 go-setup-wizard {command} 正在运行（pid {pid}，始于 {since}）；未做任何更改：请等它结束，若确定它已不在，请加 --force-unlock 再运行',
    'safety.incomplete.message': '运行 {runId}（{date}，Go {version}，位于 {target}）中途停止，尚未回滚',
    'safety.incomplete.fix': '完成它的回滚：{tool} rollback --run {runId}',
    'safety.incomplete.notice': '注意：运行 {runId} 中途停止，正在等待回滚；请先运行：{tool} rollback --run {runId}',
    'safety.incomplete.ask': '先完成运行 {runId} 的回滚吗？',
    'safety.incomplete.refused': '运行 {runId} 中途停止，正在等待回滚；未做任何更改：请先运行 {tool} rollback --run {runId}（或在终端中运行 install，它会提议先回滚）',
    'safety.lock.busy': '无法获得运行锁 {file}：其他运行不断占用它；未做任何更改，请重试',
  },
};
