// Mounts the wizard with Ink and resolves with its exit code once it ends.
import { render } from 'ink';
import { EXIT } from '../types.js';
import { WizardApp, type WizardAppProps } from './app.js';

export async function showWizard(props: Omit<WizardAppProps, 'onExit'>): Promise<number> {
  let exitCode: number = EXIT.interrupted;
  const app = render(
    <WizardApp
      {...props}
      onExit={(code) => {
        exitCode = code;
        app.unmount();
      }}
    />,
    // Ctrl-C is a key the wizard answers itself: quit before the install, ask during it.
    { exitOnCtrlC: false, patchConsole: false },
  );
  await app.waitUntilExit();
  return exitCode;
}
