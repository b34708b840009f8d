// Keys as a busy terminal delivers them: several in one read, reads faster than redraws, pastes; and lists with
// answers that cannot be chosen.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { renderPaced as render, cleanupPaced as cleanup } from './paced.js';
import { parseKeys } from '../../screens/input/parse.js';
import { TextField, editField } from '../../screens/parts/TextField.js';
import { Choice } from '../../screens/parts/Choice.js';
import { MultiSelect } from '../../screens/parts/MultiSelect.js';
import { KEY, press, waitFor, waitForText } from './keys.js';

afterEach(() => cleanup());
const nothing = () => {};

test('one read holding several keys is split into each key; a bracketed paste is one piece of text', () => {
  const keys = parseKeys('ab\x7f\x7f\x1b[A\x1b[B\rq\x03\x1b\x1b[3~\x1bOH\t\x1b[Z');
  assert.deepEqual(
    keys.map((k) => (k.ctrl ? `^${k.input}` : (k.name ?? k.input))),
    ['a', 'b', 'backspace', 'backspace', 'up', 'down', 'return', 'q', '^c', 'escape', 'delete', 'home', 'tab', 'backtab'],
  );
  // Escape followed by a letter in the same read is Escape, then the letter (not Alt-letter).
  assert.deepEqual(parseKeys('\x1bq').map((k) => k.name ?? k.input), ['escape', 'q']);
  // A paste split over two reads arrives whole, line breaks and all, as one key.
  const pending = { paste: null as string | null };
  assert.deepEqual(parseKeys('x\x1b[200~/home/ada/', pending).map((k) => k.input), ['x']);
  const rest = parseKeys('go dir\n\x1b[201~\r', pending);
  assert.deepEqual(rest.map((k) => [k.input, k.paste, k.name]), [['/home/ada/go dir\n', true, null], ['', false, 'return']]);
  // Wide and astral characters are one key each.
  assert.deepEqual(parseKeys('中文😀').map((k) => k.input), ['中', '文', '😀']);
});

test('editing: insert at the cursor, erase, move, cut; pasted line breaks are dropped', () => {
  let field = { chars: [...'/opt/go'], cursor: 7 };
  const apply = (...keys: { input?: string; name?: string | null; ctrl?: boolean }[]) => {
    for (const key of keys) field = editField(field, { input: key.input ?? '', name: key.name ?? null, ctrl: key.ctrl ?? false }) ?? field;
    return field.chars.join('');
  };
  assert.equal(apply({ name: 'backspace' }, { name: 'backspace' }), '/opt/');
  assert.equal(apply({ input: 'sdk/\ngo\r' }), '/opt/sdk/go');
  assert.equal(apply({ name: 'home' }, { name: 'delete' }, { input: '~' }), '~opt/sdk/go');
  assert.equal(apply({ input: 'w', ctrl: true }), 'opt/sdk/go');
  assert.equal(apply({ name: 'end' }, { input: 'w', ctrl: true }), 'opt/sdk/');
  assert.equal(apply({ input: 'u', ctrl: true }), '');
  assert.equal(apply({ name: 'backspace' }), '', 'Backspace on an empty field does nothing');
});

test('a text field keeps every key when they arrive faster than it redraws, together or one read each', async () => {
  const submitted: string[] = [];
  const ui = render(
      <TextField initial="" onSubmit={(v) => submitted.push(v)} />
  );
  await waitFor(() => ui.stdin.listenerCount('readable') > 0, 'Ink to listen for keys');
  // Each write is one read of the terminal; none waits for a redraw.
  for (const char of '/home/ada/sdk/go1.27') ui.stdin.write(char);
  for (let i = 0; i < 4; i++) ui.stdin.write(KEY.backspace);
  ui.stdin.write('\x7f\x7f\x7f\x7fk/go-中文');
  ui.stdin.write('\x1b[200~ pasted\n\x1b[201~');
  ui.stdin.write('\r');
  await waitFor(() => submitted.length === 1, 'the field to submit');
  assert.deepEqual(submitted, ['/home/ada/sdk/go-中文 pasted']);
});

test('a choice that cannot work is shown with its reason; choosing it only says the reason', async () => {
  const chosen: string[] = [];
  const ui = render(
    <Choice
      items={[
        { value: 'tarball', label: 'Official tarball' },
        { value: 'snap', label: 'Snap', disabled: 'snapd is not running here' },
        { value: 'apt', label: 'apt' },
      ]}
      selected="snap"
      onChoose={(v) => chosen.push(v)}
      onQuit={nothing}
    />,
  );
  await waitForText(ui, 'Snap — snapd is not running here');
  assert.match(ui.lastFrame()!, /❯ Official tarball/, 'a disabled answer is never the selected one');
  await press(ui, KEY.down);
  assert.match(ui.lastFrame()!, /❯ Snap — snapd is not running here/);
  await press(ui, KEY.enter);
  assert.equal(ui.lastFrame()!.split('snapd is not running here').length - 1, 2, `the reason is said below the list:\n${ui.lastFrame()}`);
  assert.deepEqual(chosen, [], 'nothing is chosen');
  await press(ui, KEY.down);
  assert.doesNotMatch(ui.lastFrame()!, /snapd is not running here[\s\S]*snapd is not running here/, 'moving on clears the reason');
  await press(ui, KEY.enter, { changes: false });
  assert.deepEqual(chosen, ['apt']);
});

test('the highlighted answer shows its whole hint, wrapped; the others keep to one line', async () => {
  const long = (word: string) => Array.from({ length: 16 }, (_, i) => `${word}${i}`).join(' ');
  const items = [
    { value: 'a', label: 'First', hint: long('alpha') },
    { value: 'b', label: 'Second', hint: long('beta') },
  ];
  const ui = render(<Choice items={items} onChoose={nothing} onQuit={nothing} />);
  await waitForText(ui, 'alpha15');
  const words = (frame: string) => frame.replace(/\s+/g, ' ');
  assert.match(words(ui.lastFrame()!), /alpha0 alpha1 .* alpha15/, 'the highlighted hint, whole');
  assert.doesNotMatch(ui.lastFrame()!, /beta15/, 'the other hint is cut to its line');
  await press(ui, KEY.down);
  await waitForText(ui, 'beta15');
  assert.doesNotMatch(ui.lastFrame()!, /alpha15/, 'once left, the first hint is cut again');
});

test('the list (ink-select-input) takes every key of a burst: several keys in one read, reads faster than redraws', async () => {
  const items = Array.from({ length: 6 }, (_, i) => ({ value: `v${i}`, label: `Answer ${i}` }));
  const chosen: string[] = [];
  const ui = render(<Choice items={items} onChoose={(v) => chosen.push(v)} onQuit={nothing} />);
  await waitFor(() => ui.stdin.listenerCount('readable') > 0, 'Ink to listen for keys');
  // Five Downs and one Up in one read, then two more Downs as separate reads with no wait: the fifth answer.
  ui.stdin.write(`${KEY.down.repeat(5)}${KEY.up}`);
  ui.stdin.write(KEY.down);
  ui.stdin.write('j');
  ui.stdin.write(KEY.up);
  ui.stdin.write(KEY.enter);
  await waitFor(() => chosen.length === 1, 'an answer to be chosen');
  assert.deepEqual(chosen, ['v5']);
});

test('a shell that cannot be set up is shown with its reason and cannot be ticked', async () => {
  const confirmed: string[][] = [];
  const ui = render(
      <MultiSelect
        items={[
          { value: 'fish', label: 'fish', disabled: 'not installed' },
          { value: 'bash', label: 'bash' },
        ]}
        initial={['fish', 'bash']}
        onConfirm={(v) => confirmed.push(v)}
        onBack={nothing}
        onQuit={nothing}
      />
  );
  await waitForText(ui, '[-] fish — not installed');
  await press(ui, KEY.space);
  await press(ui, KEY.up, { changes: false });
  assert.match(ui.lastFrame()!, /❯ \[ \] bash/, 'Up passes over the disabled shell');
  await press(ui, KEY.enter, { changes: false });
  assert.deepEqual(confirmed, [[]]);
});
