// Everything that reaches a shell is quoted (docs/contract.md, guarantee 9).

/** POSIX single-quoting: safe for bash, zsh and sh whatever the value holds. */
export function shQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish single-quoting: backslash and single quote are the only specials inside '…'. */
export function fishQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
