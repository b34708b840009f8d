import { EXIT } from './types.js';

/** Bad usage or bad input, found before anything changed: printed as one line, exit 2. */
export class UserError extends Error {
  readonly exitCode = EXIT.usage;
}
