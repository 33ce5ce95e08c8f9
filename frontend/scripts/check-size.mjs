// check-size prints the gzip size of the JavaScript that dist/index.html loads
// up front (entry scripts and modulepreloads, i.e. the initial route) and fails
// when it passes the budget. Lazily loaded pages are not counted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const budgetKB = 80;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const srcs = new Set();
for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) srcs.add(m[1]);
for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) srcs.add(m[1]);
if (srcs.size === 0) {
  console.error('check-size: no script found in dist/index.html');
  process.exit(1);
}

let total = 0;
for (const src of srcs) {
  const bytes = readFileSync(join(dist, src.replace(/^\//, '')));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  console.log(`  ${src}  ${(bytes.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip`);
}
const kb = total / 1024;
console.log(`initial JS: ${kb.toFixed(1)} KB gzip (budget ${budgetKB} KB)`);
if (kb > budgetKB) {
  console.error(`check-size: initial JS is over budget by ${(kb - budgetKB).toFixed(1)} KB gzip`);
  process.exit(1);
}
