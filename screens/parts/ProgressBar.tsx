// A plain text progress bar: [██████░░░░] 60%
import { Text } from 'ink';
import { useTone } from './theme.js';

export function ProgressBar({ ratio, width }: { ratio: number; width: number }) {
  const tone = useTone();
  const clamped = Math.max(0, Math.min(1, ratio));
  const filled = Math.round(clamped * width);
  return (
    <Text>
      [<Text color={tone('accent')}>{'█'.repeat(filled)}</Text>
      {'░'.repeat(width - filled)}] {Math.floor(clamped * 100)}%
    </Text>
  );
}
