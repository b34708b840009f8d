// `node --import <this file> …` with GSW_TEST_LOADED_MODULES=<file>: appends the URL of every module the program
// loads to that file, one a line — which of the bundle's chunks a run reads.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function load(url, context, next) {
  appendFileSync(file, url + '\\n');
  return next(url, context);
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { file: process.env.GSW_TEST_LOADED_MODULES } });
