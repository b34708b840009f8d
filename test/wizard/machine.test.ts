import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUESTION_SCREENS, initialState, reducer, screensFor, stepNumber, type WizardAction, type WizardState } from '../../src/wizard/machine.js';
import { EXIT } from '../../src/types.js';
import { defaultOptions, fakeDetection, fakeIndex, fakePlan } from './fakes.js';

function run(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(reducer, state);
}

/** Every fact in, and 'customise' pressed on the express screen: on the first question. */
function loaded(state = run(initialState(defaultOptions(), [], {}), { type: 'customise' })): WizardState {
  return run(state, { type: 'detected', detection: fakeDetection() }, { type: 'index-loaded', index: fakeIndex() }, { type: 'apt-loaded', candidates: [] });
}

/** Answers every question with the given patches (or keeps the current answer) up to the preview. */
function toPreview(state: WizardState): WizardState {
  let s = run(state, { type: 'next' });
  while (s.screen !== 'preview') s = reducer(s, { type: 'answer', patch: {} });
  return s;
}

function installing(): WizardState {
  const s = toPreview(loaded());
  return run(s, { type: 'plan-ready', plan: fakePlan() }, { type: 'confirm', now: 1000 });
}

test('defaults: starts on the express screen with the option defaults; customising counts 8 steps', () => {
  const express = initialState(defaultOptions(), [], {});
  assert.equal(express.screen, 'express');
  assert.equal(stepNumber(express), null);
  const s = reducer(express, { type: 'customise' });
  assert.equal(s.screen, 'system');
  assert.equal(s.answers.method, 'tarball');
  assert.equal(s.answers.goVersion, 'latest');
  assert.equal(s.answers.mirror, 'official');
  assert.equal(s.answers.scope, undefined);
  assert.deepEqual(stepNumber(s), { step: 1, count: 8 });
  assert.equal(s.exitCode, null);
});

test('the system screen waits for detection before moving on', () => {
  const s = reducer(initialState(defaultOptions(), [], {}), { type: 'customise' });
  assert.equal(reducer(s, { type: 'next' }).screen, 'system');
  assert.equal(reducer(reducer(s, { type: 'detect-failed', error: 'x' }), { type: 'next' }).screen, 'method', 'a failed probe does not block');
  assert.equal(reducer(loaded(s), { type: 'next' }).screen, 'method');
});

test('walking forward visits every question in order and ends on the preview with a plan request', () => {
  let s = run(loaded(), { type: 'next' });
  const seen = ['system'];
  while (s.screen !== 'preview') {
    seen.push(s.screen);
    s = reducer(s, { type: 'answer', patch: {} });
  }
  seen.push(s.screen);
  // No other Go on this machine: that question is not asked (test/wizard/alongside.test.ts asks it).
  assert.deepEqual(seen, QUESTION_SCREENS.filter((screen) => screen !== 'other-go'));
  assert.deepEqual(s.plan, { status: 'loading' });
  assert.deepEqual(stepNumber(s), { step: 8, count: 8 });
});

test('Esc goes back one question from every screen, and does nothing on the first', () => {
  let s = toPreview(loaded());
  const visited: string[] = [s.screen];
  for (;;) {
    const before = s.screen;
    s = reducer(s, { type: 'back' });
    if (s.screen === before) break;
    visited.push(s.screen);
  }
  assert.deepEqual(visited, [...QUESTION_SCREENS.filter((screen) => screen !== 'other-go').reverse(), 'express'], 'from the first question back to the recommended plan');
  assert.equal(s.screen, 'express');
  assert.equal(s.exitCode, null);
});

test('answers persist across going back, and a new preview asks for a new plan', () => {
  let s = run(loaded(), { type: 'next' }, { type: 'answer', patch: { method: 'tarball' } }, { type: 'answer', patch: { goVersion: '1.26' } });
  assert.equal(s.screen, 'location');
  s = run(s, { type: 'back' });
  assert.equal(s.screen, 'version');
  assert.equal(s.answers.goVersion, '1.26');
  s = toPreview(s);
  s = run(s, { type: 'plan-ready', plan: fakePlan() }, { type: 'back' });
  assert.equal(s.screen, 'shells');
  s = run(s, { type: 'answer', patch: { shells: 'none' } });
  assert.deepEqual(s.plan, { status: 'loading' }, 'the old plan is dropped');
});

test('apt and snap skip the location and mirror questions', () => {
  assert.deepEqual(screensFor({ method: 'apt' }), ['system', 'method', 'version', 'proxies', 'shells', 'preview']);
  const s = run(loaded(), { type: 'next' }, { type: 'answer', patch: { method: 'snap' } });
  assert.equal(s.screen, 'version');
  const next = reducer(s, { type: 'answer', patch: { goVersion: 'latest' } });
  assert.equal(next.screen, 'proxies');
  assert.deepEqual(stepNumber(next), { step: 4, count: 6 });
  assert.equal(reducer(next, { type: 'back' }).screen, 'version');
});

test('flags pre-fill answers and beat remembered ones; remembered ones beat defaults', () => {
  const options = defaultOptions({ goVersion: '1.26', mirror: 'aliyun' });
  const s = initialState(options, ['goVersion', 'mirror'], { goVersion: '1.25', mirror: 'ustc', goproxy: 'goproxy.cn', scope: 'user', method: 'apt' });
  assert.equal(s.answers.goVersion, '1.26');
  assert.equal(s.answers.mirror, 'aliyun');
  assert.equal(s.answers.goproxy, 'goproxy.cn');
  assert.equal(s.answers.scope, 'user');
  assert.equal(s.answers.method, 'apt');
  assert.deepEqual(s.explicit, ['goVersion', 'mirror']);
});

test('a scope flag drops a remembered install dir', () => {
  const s = initialState(defaultOptions({ scope: 'system' }), ['scope'], { scope: 'user', installDir: '/home/ada/opt/go' });
  assert.equal(s.answers.scope, 'system');
  assert.equal(s.answers.installDir, undefined);
});

test('quitting before the install ends with 0 and no install at any screen', () => {
  let s = loaded();
  for (const screen of QUESTION_SCREENS) {
    const quit = reducer(s, { type: 'quit' });
    assert.equal(quit.exitCode, EXIT.ok, screen);
    assert.equal(quit.install, null, screen);
    s = screen === 'system' ? reducer(s, { type: 'next' }) : reducer(s, { type: 'answer', patch: {} });
  }
});

test('Enter on the preview does nothing until the plan is ready; a stale plan is ignored', () => {
  let s = toPreview(loaded());
  assert.equal(reducer(s, { type: 'confirm', now: 0 }).screen, 'preview');
  const elsewhere = reducer(s, { type: 'back' });
  assert.equal(reducer(elsewhere, { type: 'plan-ready', plan: fakePlan() }).plan?.status, 'loading');
  s = run(s, { type: 'plan-failed', error: 'no index' });
  assert.equal(reducer(s, { type: 'confirm', now: 0 }).screen, 'preview');
});

test('install success: steps, progress, output tail and proof, then done and exit 0', () => {
  let s = installing();
  assert.equal(s.screen, 'installing');
  assert.deepEqual(s.install?.steps.map((x) => x.status), ['pending', 'pending', 'pending', 'pending', 'pending', 'pending']);
  assert.equal(reducer(s, { type: 'quit' }).exitCode, null, 'q cannot abandon a running install');
  s = run(s, {
    type: 'engine-events',
    events: [
      { type: 'step-start', step: 'check-space', title: 'Check free space', index: 0, count: 6 },
      { type: 'step-done', step: 'check-space', durationMs: 3 },
      { type: 'step-start', step: 'download', title: 'Download', index: 1, count: 6 },
      { type: 'progress', step: 'download', bytes: 50, total: 100, bytesPerSecond: 25, etaSeconds: 2, entries: 7 },
      ...Array.from({ length: 8 }, (_, i) => ({ type: 'log' as const, step: 'download', stream: 'info' as const, line: `line ${i}` })),
    ],
  });
  assert.deepEqual(s.install?.steps.slice(0, 3).map((x) => x.status), ['done', 'running', 'pending']);
  assert.deepEqual(s.install?.progress, { bytes: 50, total: 100, bytesPerSecond: 25, etaSeconds: 2, entries: 7 }, 'files unpacked so far are kept');
  assert.deepEqual(s.install?.tail, ['line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
  s = run(s, {
    type: 'engine-events',
    events: [
      { type: 'step-done', step: 'download', durationMs: 9 },
      { type: 'step-start', step: 'extract', title: 'Unpack', index: 2, count: 6 },
      { type: 'verify', check: 'bash -lc', ok: true, output: 'go version go1.27.1 linux/amd64' },
    ],
  });
  assert.equal(s.install?.progress, null, 'a new step clears the progress bar');
  assert.equal(s.install?.verify.length, 1);
  s = run(s, { type: 'install-finished', result: { exitCode: 0, runId: 'r1', backupBytes: 10, message: '' } });
  assert.equal(s.screen, 'done');
  assert.equal(s.exitCode, null);
  assert.equal(reducer(s, { type: 'close' }).exitCode, EXIT.ok);
});

test('install failure: the failed step, the rollback, the failed screen and exit 1', () => {
  let s = installing();
  s = run(s, {
    type: 'engine-events',
    events: [
      { type: 'step-start', step: 'check-space', title: 'Check free space', index: 0, count: 6 },
      { type: 'step-done', step: 'check-space', durationMs: 3 },
      { type: 'step-start', step: 'download', title: 'Download', index: 1, count: 6 },
      { type: 'step-failed', step: 'download', error: 'sha256 mismatch' },
      { type: 'rollback-start', runId: 'r1', reason: 'download failed' },
      { type: 'rollback-done', runId: 'r1', complete: true, problems: [] },
    ],
  });
  assert.deepEqual(s.install?.failure, { step: 'download', error: 'sha256 mismatch' });
  assert.equal(s.install?.rollback?.status, 'complete');
  assert.deepEqual(s.install?.steps.slice(0, 2).map((x) => x.status), ['undone', 'failed']);
  s = run(s, { type: 'install-finished', result: { exitCode: EXIT.failedRestored, runId: 'r1', backupBytes: 0, message: '' } });
  assert.equal(s.screen, 'failed');
  assert.equal(reducer(s, { type: 'close' }).exitCode, EXIT.failedRestored);
});

test('an engine that throws ends on the failed screen with exit 3 (rollback must finish it)', () => {
  const s = run(installing(), { type: 'install-crashed', error: 'EIO' });
  assert.equal(s.screen, 'failed');
  assert.equal(s.result?.exitCode, EXIT.failedIncomplete);
});

test('Ctrl-C during the install asks first; n keeps going, y stops; a second Ctrl-C means yes', () => {
  let s = run(installing(), { type: 'interrupt' });
  assert.equal(s.install?.confirmingStop, true);
  assert.equal(s.install?.stopping, false);
  s = run(s, { type: 'resume' });
  assert.equal(s.install?.confirmingStop, false);
  s = run(s, { type: 'interrupt' }, { type: 'stop' });
  assert.equal(s.install?.stopping, true);
  assert.equal(run(installing(), { type: 'interrupt' }, { type: 'interrupt' }).install?.stopping, true);
  s = run(s, { type: 'engine-events', events: [{ type: 'rollback-start', runId: 'r', reason: 'interrupted' }, { type: 'rollback-done', runId: 'r', complete: true, problems: [] }] });
  s = run(s, { type: 'install-finished', result: { exitCode: EXIT.interrupted, runId: 'r', backupBytes: 0, message: '' } });
  assert.equal(s.screen, 'failed');
  assert.equal(reducer(s, { type: 'close' }).exitCode, EXIT.interrupted);
});

test('Ctrl-C (or y) when the last step had already finished: the done screen, marked as stopped too late', () => {
  const asked = run(installing(), { type: 'interrupt' });
  const finished = run(asked, { type: 'install-finished', result: { exitCode: 0, runId: 'r', backupBytes: 0, message: '' } });
  assert.equal(finished.screen, 'done');
  assert.equal(finished.install?.stopTooLate, true);
  assert.equal(run(finished, { type: 'stop' }).install?.stopping, false, 'a late y changes nothing');
  const stopping = run(installing(), { type: 'interrupt' }, { type: 'stop' });
  assert.equal(run(stopping, { type: 'install-finished', result: { exitCode: 0, runId: 'r', backupBytes: 0, message: '' } }).install?.stopTooLate, true);
  const plain = run(installing(), { type: 'install-finished', result: { exitCode: 0, runId: 'r', backupBytes: 0, message: '' } });
  assert.equal(plain.install?.stopTooLate, undefined);
});

test('during a rollback each announced step is the one being undone, with its place; the undone line marks it undone', () => {
  let s = run(installing(), { type: 'interrupt' }, { type: 'stop' });
  s = run(s, { type: 'engine-events', events: [{ type: 'rollback-start', runId: 'r', reason: 'interrupted' }, { type: 'step-start', step: 'check-space', title: 'Undo: Check free disk space', index: 1, count: 2 }] });
  assert.equal(s.install?.steps.find((step) => step.id === 'check-space')?.status, 'undoing');
  assert.deepEqual(s.install?.rollback?.undoing, { index: 1, count: 2 });
  assert.equal(s.install?.steps.length, installing().install?.steps.length, 'no step is added for the undo');
  s = run(s, { type: 'engine-events', events: [{ type: 'log', step: 'check-space', stream: 'info', line: 'undone: Check free disk space' }] });
  assert.equal(s.install?.steps.find((step) => step.id === 'check-space')?.status, 'undone');
});

test('during a rollback a tree being removed shows how many of its entries are gone; the next step starts without it', () => {
  let s = run(installing(), { type: 'interrupt' }, { type: 'stop' });
  s = run(s, { type: 'engine-events', events: [{ type: 'rollback-start', runId: 'r', reason: 'interrupted' }, { type: 'step-start', step: 'place', title: 'Undo: Put Go in place', index: 0, count: 2 }] });
  s = run(s, { type: 'engine-events', events: [{ type: 'removing', step: 'place', path: '/home/u/.local/go', removed: 2400, total: 12000 }] });
  assert.deepEqual(s.install?.rollback?.removing, { path: '/home/u/.local/go', removed: 2400, total: 12000 });
  s = run(s, { type: 'engine-events', events: [{ type: 'removing', step: 'place', path: '/home/u/.local/go', removed: 12000, total: 12000 }] });
  assert.equal(s.install?.rollback?.removing?.removed, 12000);
  s = run(s, { type: 'engine-events', events: [{ type: 'step-start', step: 'check-space', title: 'Undo: Check free disk space', index: 1, count: 2 }] });
  assert.equal(s.install?.rollback?.removing, undefined);
});

test('a signal from outside stops the install without asking', () => {
  const s = run(installing(), { type: 'signal' });
  assert.equal(s.install?.stopping, true);
  assert.equal(s.install?.confirmingStop, false);
});

test('a signal or a lost terminal: quits before the install, leaves with the result after it', () => {
  assert.equal(reducer(loaded(), { type: 'signal' }).exitCode, EXIT.ok);
  const done = run(installing(), { type: 'install-finished', result: { exitCode: 0, runId: 'r', backupBytes: 0, message: '' } });
  assert.equal(reducer(done, { type: 'signal' }).exitCode, EXIT.ok);
});

test('express: Enter goes to the preview with a plan request (once detection answered), Esc comes back; c customises; q quits', () => {
  const start = initialState(defaultOptions(), [], {});
  assert.equal(reducer(start, { type: 'express-install' }).screen, 'express', 'not before detection has answered');
  const s = run(start, { type: 'detected', detection: fakeDetection() });
  const preview = reducer(s, { type: 'express-install' });
  assert.equal(preview.screen, 'preview');
  assert.deepEqual(preview.plan, { status: 'loading' });
  assert.equal(stepNumber(preview)?.step, 8);
  const ready = run(preview, { type: 'plan-ready', plan: fakePlan() });
  assert.equal(reducer(ready, { type: 'confirm', now: 0 }).screen, 'installing', 'Enter on the preview installs');
  assert.equal(reducer(ready, { type: 'back' }).screen, 'express', 'Esc on the preview returns to the plan it came from');
  const custom = reducer(s, { type: 'customise' });
  assert.equal(custom.screen, 'system');
  assert.equal(reducer(custom, { type: 'back' }).screen, 'express');
  const quit = reducer(s, { type: 'quit' });
  assert.equal(quit.screen, 'quit');
  assert.equal(quit.exitCode, EXIT.ok);
});

test('progress of any step is kept; while rolling back each undone step is marked as its line arrives', () => {
  let s = installing();
  s = reducer(s, {
    type: 'engine-events',
    events: [
      { type: 'step-start', step: 'check-space', title: 'Check free space', index: 0, count: 6 },
      { type: 'step-done', step: 'check-space', durationMs: 1 },
      { type: 'step-start', step: 'extract', title: 'Unpack', index: 2, count: 6 },
      { type: 'progress', step: 'extract', bytes: 10, total: 70, bytesPerSecond: 0, etaSeconds: 3 },
    ],
  });
  assert.deepEqual(s.install?.progress, { bytes: 10, total: 70, bytesPerSecond: 0, etaSeconds: 3 });
  s = reducer(s, {
    type: 'engine-events',
    events: [
      { type: 'step-failed', step: 'extract', error: 'boom' },
      { type: 'rollback-start', runId: 'r', reason: 'a step failed' },
      { type: 'log', step: 'check-space', stream: 'info', line: 'Undone: Check free space' },
    ],
  });
  assert.equal(s.install?.progress, null);
  assert.equal(s.install?.steps.find((x) => x.id === 'check-space')?.status, 'undone');
  assert.equal(s.install?.steps.find((x) => x.id === 'extract')?.status, 'failed');
});
