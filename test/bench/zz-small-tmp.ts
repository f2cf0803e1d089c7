import { readFileSync } from 'node:fs';
import { ExpositionParser } from '../../collector/sources/prometheus/exposition.ts';
const text = readFileSync('/work/shared/fixtures/gpu/dcgm/k8s-ai-conformance/dcgm-l4-k8s.prom.txt', 'utf8');
for (let r = 0; r < 8; r++) {
  const t = performance.now();
  let n = 0;
  for (let k = 0; k < 2000; k++) {
    const p = new ExpositionParser(() => { n++; }, { format: 'prometheus' });
    p.write(text); p.end();
  }
  const ms = (performance.now() - t) / 2000;
  console.log('per parse µs', (ms * 1000).toFixed(1), 'MB/s', (text.length / 1e6 / (ms / 1000)).toFixed(1));
}
