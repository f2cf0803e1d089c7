import { generateDcgmScrape } from './dcgm-scrape.ts';
const s = generateDcgmScrape({ gpus: 10000 });
function scanAll(s: string): number { let q = 0; for (let i = 0; i < s.length; i++) { if (s.charCodeAt(i) === 34) q++; } return q; }
function lines(s: string): number { let n = 0; let i = 0; for (;;) { const j = s.indexOf('\n', i); if (j === -1) break; n++; i = j + 1; } return n; }
function quotes(s: string): number { let n = 0; let i = 0; for (;;) { const j = s.indexOf('"', i); if (j === -1) break; n++; i = j + 1; } return n; }
function slices(s: string): number { let n = 0; let i = 0; let prev = 0; const out: string[] = []; for (;;) { const j = s.indexOf('"', i); if (j === -1) break; if ((n & 1) === 1) out[n & 31] = s.slice(prev, j); prev = j + 1; n++; i = j + 1; } return out.length; }
function sw(s: string): number { let n = 0; let i = 0; const p = 'UUID'; for (;;) { const j = s.indexOf('"', i); if (j === -1) break; if (s.startsWith(p, j + 1)) n++; i = j + 1; } return n; }
for (let r = 0; r < 4; r++) {
  for (const [name, f] of [['charCodeAt', scanAll], ['indexOf nl', lines], ['indexOf quote', quotes], ['slice', slices], ['startsWith', sw]] as const) {
    const t = performance.now(); const x = f(s); console.log(name, (performance.now() - t).toFixed(0), 'ms', x);
  }
}
const flat = Buffer.from(s, 'latin1').toString('latin1');
for (let r = 0; r < 3; r++) { const t = performance.now(); const x = scanAll(flat); console.log('flat charCodeAt', (performance.now() - t).toFixed(0), 'ms', x); }
function scanAll2(s: string): number { let q = 0; const n = s.length; for (let i = 0; i < n; i++) { if (s.charCodeAt(i) === 34) q++; } return q; }
for (let r = 0; r < 3; r++) { const t = performance.now(); const x = scanAll2(flat); console.log('flat charCodeAt2', (performance.now() - t).toFixed(0), 'ms', x); }
