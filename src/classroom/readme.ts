// The README a bundle carries for the teacher: what is on the stick and the two ways to install from it.
import type { ResolvedRelease } from '../types.js';

export function bundleReadme(release: ResolvedRelease, options: { scope: string }): string {
  const { version, filename, sha256, sha256Source } = release;
  return `# Go ${version} for a classroom without network

Written by go-setup-wizard bundle. Copy this folder to a USB stick (or a shared drive); it can be moved anywhere.

| file | what it is |
|---|---|
| \`${filename}\` | the official Go archive, checked against sha256 \`${sha256}\` (from ${sha256Source}) |
| \`answers.json\` | the answers for go-setup-wizard: this version, this digest, this archive (found next to the answers file), ${options.scope} scope |
| \`install-go.sh\` | a standalone installer: needs only bash, coreutils and tar; checks the digest before unpacking; undoes itself on failure |
| \`SHA256SUMS\` | the digest of the archive, for \`sha256sum -c SHA256SUMS\` |

## On each laptop (no network needed)

With the wizard (it shows the usual preview first, and \`go-setup-wizard rollback\` undoes it later):

    npx go-setup-wizard --config /media/usb/answers.json

Without questions: \`npx go-setup-wizard install --yes --config /media/usb/answers.json\`.

Without Node.js, with nothing but bash:

    bash /media/usb/install-go.sh

Replace \`/media/usb\` with wherever the stick is mounted. Either way the archive is checked against the digest
above before anything is unpacked: a damaged copy changes nothing and says so.

## 中文说明

本目录由 go-setup-wizard bundle 生成，可复制到 U 盘并移动到任意位置。在每台电脑上（无需联网）：

    npx go-setup-wizard --config /media/usb/answers.json

或者（只需 bash）：

    bash /media/usb/install-go.sh

两种方式都会在解压前核对上面的 sha256；文件损坏时不会做任何更改。
`;
}
