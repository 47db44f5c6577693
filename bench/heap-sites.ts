// `npx tsx bench/heap-sites.ts FILE.heapprofile [clicks]`: sums a sampling heap profile
// (BENCH_HEAP_PROFILE) three ways: by allocating function (self), by the nearest frame of our
// code on the stack (who made it happen), and by package. With `clicks`, also per click.
import { readFileSync } from 'node:fs';

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface HeapNode {
  callFrame: Frame;
  selfSize: number;
  children: HeapNode[];
}

const [file, clicksArg] = process.argv.slice(2);
if (!file) throw new Error('usage: heap-sites.ts FILE.heapprofile [clicks]');
const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
const clicks = Number(clicksArg) || 0;

const where = (f: Frame) => {
  const path = f.url.replace(/^file:\/\//, '');
  const short = path.includes('node_modules/')
    ? path.slice(path.lastIndexOf('node_modules/') + 13)
    : path.replace(/^.*?\/(src|db|adapters|bench)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${short}:${f.lineNumber + 1}`;
};
const ours = (f: Frame) => /\/(src|db|adapters)\//.test(f.url) && !f.url.includes('node_modules');
const packageOf = (f: Frame) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
  if (m) return m[1] as string;
  if (ours(f)) return `ours ${/\/(src\/\w+|db|adapters\/\w+)/.exec(f.url)?.[1]}`;
  return f.url.startsWith('node:') || f.url === ''
    ? `node/v8 ${f.functionName || '(root)'}`.slice(0, 40)
    : f.url;
};

const self = new Map<string, number>();
const byOurs = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
function walk(node: HeapNode, ourFrame: string, pkg: string): void {
  const f = node.callFrame;
  const mine = ours(f) ? where(f) : ourFrame;
  const p = f.url ? packageOf(f) : pkg;
  if (node.selfSize > 0) {
    total += node.selfSize;
    add(self, where(f), node.selfSize);
    add(byOurs, mine, node.selfSize);
    add(byPackage, p, node.selfSize);
  }
  for (const c of node.children) walk(c, mine, p);
}
walk(head, '(no frame of ours)', '(root)');

const show = (title: string, m: Map<string, number>, n: number) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    const perClick = clicks ? ` ${(v / clicks / 1024).toFixed(2).padStart(7)} KB/click` : '';
    console.log(`${((v / total) * 100).toFixed(1).padStart(5)} %${perClick}  ${k}`);
  }
};
console.log(
  `${(total / 2 ** 20).toFixed(1)} MiB sampled${clicks ? `, ${(total / clicks / 1024).toFixed(1)} KB/click` : ''}`,
);
show('by package of the allocating frame', byPackage, 25);
show('by nearest frame of ours', byOurs, 40);
show('by allocating function', self, 40);
