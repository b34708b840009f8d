// Mounts the wizard with Ink and resolves with its exit code once it ends.
import { render } from 'ink';
import { EXIT } from '../types.js';
import { PacedStdin } from '../../screens/input/paced-stdin.js';
import { WizardApp, type WizardAppProps } from './app.js';

/** Bracketed paste: the terminal marks pasted text, so a paste is one piece of text and never a run of keys. */
const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';
/** Back to the start of the line and clear it: the plain line printed while the wizard loaded gives way to Ink. */
const CLEAR_LINE = '\r\x1b[2K';

export async function showWizard(props: Omit<WizardAppProps, 'onExit'>): Promise<number> {
  let exitCode: number = EXIT.interrupted;
  process.stdout.write(CLEAR_LINE + PASTE_ON);
  try {
    const app = render(
      <WizardApp
        {...props}
        onExit={(code) => {
          exitCode = code;
          app.unmount();
        }}
      />,
      // Ctrl-C is a key the wizard answers itself: quit before the install, ask during it. Keys reach Ink one at a
      // time (PacedStdin), whatever the terminal delivers in one read.
      { stdin: new PacedStdin(process.stdin) as unknown as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false },
    );
    await app.waitUntilExit();
  } finally {
    process.stdout.write(PASTE_OFF);
  }
  return exitCode;
}
