import type { AreaCatalog } from '../catalog.js';

// apt and snap done exactly, other Go installs, several Go versions side by side.
export const aptMessages: AreaCatalog = {
  en: {
    'apt.undo.kept': 'kept {what}: installed since and needs it',
    'apt.snap.noCommand': 'snap is not installed here (no snap command on PATH)',
    'apt.snap.noDaemon': 'snapd is not running here (no {socket}, and systemctl does not report snapd active: common on WSL without systemd and in containers)',
    'apt.snap.unavailable': '--method snap cannot work here: {reason}; use --method tarball (or apt)',
    'apt.warn.unsupported':
      "apt's Go here is {apt}, which is no longer supported (supported: {supported}); modules that declare a newer go line will not build with it. The tarball method would give {tarball}.",
  },
  zh: {
    'apt.undo.kept': '保留 {what}：之后安装的软件包依赖它',
    'apt.snap.noCommand': '这里没有安装 snap（PATH 中没有 snap 命令）',
    'apt.snap.noDaemon': '这里的 snapd 没有运行（没有 {socket}，systemctl 也未报告 snapd 处于活动状态：在没有 systemd 的 WSL 和容器中很常见）',
    'apt.snap.unavailable': '--method snap 在这里无法使用：{reason}；请使用 --method tarball（或 apt）',
    'apt.warn.unsupported': '这里 apt 提供的 Go 是 {apt}，已不再受支持（受支持的版本：{supported}）；声明了更新 go 版本的模块无法用它构建。tarball 方式会安装 {tarball}。',
  },
};
