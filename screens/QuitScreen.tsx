// The last frame when the wizard is left before the install: it says that nothing was changed.
import { Text } from 'ink';
import type { Translate } from '../src/types.js';

export function QuitScreen({ t }: { t: Translate }) {
  return <Text>{t('wizard.quit.nothingChanged')}</Text>;
}
