// The plan as text (the preview's summary tab, `plan --format text`): headings with the language's own colon, and the
// method and scope said in words beside the flag value they come from.
import type { AreaCatalog } from '../catalog.js';

export const planTextMessages: AreaCatalog = {
  en: {
    'plan.text.heading': '{label}:',
    'plan.text.labelled': '{label}: {value}',
    'plan.text.methodValue.tarball': 'tarball (the official release archive)',
    'plan.text.methodValue.apt': 'apt (the Ubuntu/Debian package)',
    'plan.text.methodValue.snap': 'snap (the Snap package)',
    'plan.text.scopeValue.user': 'user (just for you, no sudo)',
    'plan.text.scopeValue.system': 'system (every user)',
  },
  zh: {
    'plan.text.heading': '{label}：',
    'plan.text.labelled': '{label}：{value}',
    'plan.text.methodValue.tarball': 'tarball（官方发行包）',
    'plan.text.methodValue.apt': 'apt（Ubuntu/Debian 软件包）',
    'plan.text.methodValue.snap': 'snap（Snap 软件包）',
    'plan.text.scopeValue.user': 'user（仅当前用户，不需要 sudo）',
    'plan.text.scopeValue.system': 'system（所有用户）',
  },
};
