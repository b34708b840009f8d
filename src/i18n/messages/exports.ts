import type { AreaCatalog } from '../catalog.js';

export const exportsMessages: AreaCatalog = {
  en: {
    'exports.ansible.tarballOnly': 'the Ansible export installs the release archive: use --method tarball (or --format sh for {method})',
  },
  zh: {
    'exports.ansible.tarballOnly': 'Ansible 导出安装的是官方压缩包：请使用 --method tarball（{method} 方式请用 --format sh）',
  },
};
