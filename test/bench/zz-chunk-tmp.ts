import { generateDcgmScrape } from './dcgm-scrape.ts';
import { ExpositionParser } from '../../collector/sources/prometheus/exposition.ts';
const s = Buffer.from(generateDcgmScrape({ gpus: 10000 })).toString('utf8');
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  let n = 0; let sum = 0;
  const p = new ExpositionParser((x) => { n++; sum += x.value; }, { format: 'prometheus' });
  for (let i = 0; i < s.length; i += 65536) p.write(s.slice(i, i + 65536));
  p.end();
  const t2 = performance.now();
  let n2 = 0; let sum2 = 0;
  const p2 = new ExpositionParser((x) => { n2++; sum2 += x.value; }, { format: 'prometheus' });
  p2.write(s); p2.end();
  console.log('chunked ms', (t2 - t).toFixed(0), n, 'whole ms', (performance.now() - t2).toFixed(0), n2, sum === sum2);
}
