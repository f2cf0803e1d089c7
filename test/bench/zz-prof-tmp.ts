import { generateDcgmScrape } from './dcgm-scrape.ts';
import { ExpositionParser } from '../../collector/sources/prometheus/exposition.ts';
const s = Buffer.from(generateDcgmScrape({ gpus: 10000 })).toString('utf8');
for (let r = 0; r < 6; r++) {
  const t = performance.now();
  let n = 0;
  const p = new ExpositionParser(() => { n++; }, { format: 'prometheus' });
  p.write(s); p.end();
  console.log('pulse ms', (performance.now() - t).toFixed(0), n);
}
