/**
 * The gpu-fleet dashboard in a real browser: a 14-day demo database, `pulse serve` as a child process, and
 * Debian's Chromium driven by playwright-core. Checks that the charts draw data, that changing the time range
 * changes the numbers, and that the console stays clean; writes test-output/gpu-fleet.png.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(ROOT, 'test-output', 'gpu-fleet.png');
const run = promisify(execFile);

let dir: string;
let server: ChildProcess;
let url: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

/** Starts `pulse serve` on a free port and resolves with its URL once it prints its listening line. */
function startServe(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/pulse.js', 'serve', '--db', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pulse serve did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pulse serve exited with code ${code}:\n${output}`));
    });
  });
}

/** The stat row as label → shown text. */
async function stats(): Promise<Record<string, string>> {
  const tiles = await page.locator('.stat').evaluateAll((els) => els.map((el) => [el.querySelector('dt')?.textContent ?? '', el.querySelector('.stat-value')?.textContent ?? '']));
  return Object.fromEntries(tiles);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser tests`);
  dir = mkdtempSync(join(tmpdir(), 'pulse-browser-'));
  const db = join(dir, 'demo.duckdb');
  // Build the UI from the current sources, then create the demo world the way a user does.
  await run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { cwd: ROOT });
  await run(process.execPath, ['bin/pulse.js', 'demo', '--db', db, '--days', '14', '--seed', '1'], { cwd: ROOT });
  ({ child: server, url } = await startServe(db));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    // SIGTERM closes the server and the database and ends with exit code 0.
    expect(await exited).toBe(0);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('gpu-fleet dashboard in Chromium', () => {
  it('loads, draws every chart with data and shows the fleet stats', async () => {
    await page.goto(url);
    await page.getByRole('heading', { name: 'GPU fleet' }).waitFor();
    await page.locator('.stat .stat-value').first().waitFor();
    await page.locator('.echart canvas').nth(2).waitFor();
    // Let the charts' entry animation finish before the screenshot.
    await page.waitForTimeout(800);

    const charts = await page.locator('.echart').evaluateAll((els) =>
      els.map((el) => {
        const canvas = el.querySelector('canvas');
        return { series: Number(el.getAttribute('data-series')), points: Number(el.getAttribute('data-points')), width: canvas?.clientWidth ?? 0, height: canvas?.clientHeight ?? 0 };
      }),
    );
    expect(charts).toHaveLength(3);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(200);
      expect(chart.height).toBeGreaterThan(200);
      expect(chart.series).toBeGreaterThan(0);
      expect(chart.points).toBeGreaterThan(0);
    }
    // Activity and busy share: one line per cluster; per node: busy, idle, suspect, unobserved.
    expect(charts.map((c) => c.series)).toEqual([3, 3, 4]);

    const shown = await stats();
    expect(Object.keys(shown)).toEqual(['GPUs', 'Observed', 'Busy', 'Idle', 'Suspect', 'Unobserved', 'Mean activity']);
    expect(Number(shown['GPUs'])).toBeGreaterThan(0);
    expect(Number(shown['Observed']?.replaceAll(',', ''))).toBeGreaterThan(1000);
    expect(await page.locator('.panel-error').count()).toBe(0);

    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('re-queries when the time range changes', async () => {
    const before = await stats();
    await page.getByRole('button', { name: '24h', exact: true }).click();
    await expect.poll(async () => (await stats())['Observed'], { timeout: 30_000 }).not.toBe(before['Observed']);
    await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 30_000 }).toBe(0);
    const day = await stats();
    // A day of an n-GPU fleet is at most n × 24 GPU-hours.
    expect(Number(day['Observed']?.replaceAll(',', ''))).toBeLessThanOrEqual(Number(day['GPUs']) * 24);
    expect(await page.getByRole('button', { name: '24h', exact: true }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: '30d', exact: true }).click();
    await expect.poll(async () => (await stats())['Observed'], { timeout: 30_000 }).not.toBe(day['Observed']);
    expect(consoleErrors).toEqual([]);
  });
});
