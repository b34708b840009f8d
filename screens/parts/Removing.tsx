// A directory tree being removed (a rollback's Go tree, thousands of entries): a bar and how many entries are gone.
import { Box, Text } from 'ink';
import type { Translate } from '../../src/types.js';
import { useTerminalSize } from '../terminal.js';
import { ProgressBar } from './ProgressBar.js';

export interface RemovingView {
  path: string;
  removed: number;
  total: number;
}

export function Removing({ t, removing }: { t: Translate; removing: RemovingView }) {
  const { columns } = useTerminalSize();
  return (
    <Box flexDirection="column">
      <ProgressBar ratio={removing.total ? removing.removed / removing.total : 1} width={Math.max(10, Math.min(40, columns - 8))} />
      <Text wrap="truncate-middle">
        {t('progress.removing', { path: removing.path, removed: removing.removed.toLocaleString('en-US'), total: removing.total.toLocaleString('en-US') })}
      </Text>
    </Box>
  );
}
