// Turning literal text inside a bash fragment into variable expansions, whatever the quoting around it:
// the portable export replaces each placeholder of the blank-machine plan (a path under "/__gsw_home__" …)
// by "${GSW_HOME}" so the host fills it in when the script runs. Bash quoting decides how an expansion must be
// written at each spot, so the fragment is scanned with its quoting contexts (nested $( ) and backquotes included).

type Context = 'plain' | 'single' | 'double' | 'ansi' | 'comment';

interface Frame {
  context: Context;
  /** Open parentheses inside a $( … ) frame; the frame ends at the ) that closes the first. */
  depth: number;
  /** The frame is a backquoted command substitution. */
  backquote?: boolean;
}

/** How `${name}` is written where the literal stood. */
function expansion(context: Context, name: string): string {
  switch (context) {
    case 'plain':
      return `"\${${name}}"`;
    case 'double':
    case 'comment':
      return `\${${name}}`;
    case 'single':
      return `'"\${${name}}"'`;
    case 'ansi':
      return `'"\${${name}}"$'`;
  }
}

const WORD_BREAK = /[\s;&|()<>]/;

/**
 * Replaces every occurrence of each literal (longest first) by an expansion of its variable, written so the
 * fragment's meaning is otherwise unchanged. The variables' values are taken as they are (no word splitting).
 */
export function replaceLiterals(script: string, replacements: [literal: string, variable: string][]): string {
  const ordered = [...replacements].filter(([literal]) => literal).sort((a, b) => b[0].length - a[0].length);
  const stack: Frame[] = [{ context: 'plain', depth: 0 }];
  let out = '';
  let i = 0;
  while (i < script.length) {
    const frame = stack.at(-1)!;
    const match = ordered.find(([literal]) => script.startsWith(literal, i));
    if (match) {
      out += expansion(frame.context, match[1]);
      i += match[0].length;
      continue;
    }
    const c = script[i]!;
    const next = script[i + 1] ?? '';
    const take = (n: number) => {
      out += script.slice(i, i + n);
      i += n;
    };
    switch (frame.context) {
      case 'comment':
        if (c === '\n') stack.pop();
        take(1);
        break;
      case 'single':
        if (c === "'") stack.pop();
        take(1);
        break;
      case 'ansi':
        if (c === '\\') take(2);
        else {
          if (c === "'") stack.pop();
          take(1);
        }
        break;
      case 'double':
        if (c === '\\') take(2);
        else if (c === '"') {
          stack.pop();
          take(1);
        } else if (c === '$' && next === '(') {
          stack.push({ context: 'plain', depth: 1 });
          take(2);
        } else if (c === '`') {
          stack.push({ context: 'plain', depth: 0, backquote: true });
          take(1);
        } else take(1);
        break;
      case 'plain':
        if (c === '\\') take(2);
        else if (c === "'") {
          stack.push({ context: 'single', depth: 0 });
          take(1);
        } else if (c === '$' && next === "'") {
          stack.push({ context: 'ansi', depth: 0 });
          take(2);
        } else if (c === '"') {
          stack.push({ context: 'double', depth: 0 });
          take(1);
        } else if (c === '$' && next === '(') {
          stack.push({ context: 'plain', depth: 1 });
          take(2);
        } else if (c === '`') {
          if (frame.backquote) stack.pop();
          else stack.push({ context: 'plain', depth: 0, backquote: true });
          take(1);
        } else if (c === '#' && (i === 0 || WORD_BREAK.test(script[i - 1]!))) {
          stack.push({ context: 'comment', depth: 0 });
          take(1);
        } else if (c === '(' && stack.length > 1 && frame.depth > 0) {
          frame.depth++;
          take(1);
        } else if (c === ')' && stack.length > 1 && frame.depth > 0) {
          frame.depth--;
          if (frame.depth === 0) stack.pop();
          take(1);
        } else take(1);
        break;
    }
  }
  return out;
}
