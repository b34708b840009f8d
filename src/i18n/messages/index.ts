import type { AreaCatalog } from '../catalog.js';
import { exportsMessages } from './exports.js';
import { cliMessages } from './cli.js';
import { detectMessages } from './detect.js';
import { versionsMessages } from './versions.js';
import { planMessages } from './plan.js';
import { engineMessages } from './engine.js';
import { wizardMessages } from './wizard.js';
import { envMessages } from './env.js';
import { safetyMessages } from './safety.js';
import { wizardUiMessages } from './wizard-ui.js';
import { classroomMessages } from './classroom.js';
import { netMessages } from './net.js';
import { aptMessages } from './apt.js';
import { progressMessages } from './progress.js';
import { extrasMessages } from './extras.js';
import { rollbackMessages } from './rollback.js';
import { alongsideMessages } from './alongside.js';
import { planTextMessages } from './plan-text.js';
import { networkMessages } from './network.js';
import { proxiesMessages } from './proxies.js';
import { nativeMessages } from './native.js';

export const catalogs: AreaCatalog[] = [
  cliMessages,
  detectMessages,
  versionsMessages,
  planMessages,
  engineMessages,
  wizardMessages,
  envMessages,
  safetyMessages,
  wizardUiMessages,
  classroomMessages,
  netMessages,
  aptMessages,
  exportsMessages,
  extrasMessages,
  rollbackMessages,
  progressMessages,
  alongsideMessages,
  planTextMessages,
  networkMessages,
  proxiesMessages,
  nativeMessages,
];
