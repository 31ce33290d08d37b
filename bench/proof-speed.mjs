// How long the page script (src/Jebo.Intake/Abuse/proof.js) takes to solve challenges in headless Chromium.
//   node bench/proof-speed.mjs [DIFFICULTY...]     (needs playwright-core, e.g. npm install playwright-core@1,
//                                                   and /usr/bin/chromium)
// Prints median, p90 and max milliseconds over 40 random challenges per difficulty.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const script = readFileSync(fileURLToPath(new URL('../src/Jebo.Intake/Abuse/proof.js', import.meta.url)), 'utf8');
const difficulties = process.argv.slice(2).map(Number);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage();
await page.setContent('<!doctype html><title>proof</title>');
await page.addScriptTag({ content: script });
for (const d of difficulties.length ? difficulties : [16, 18, 20, 22]) {
  const times = await page.evaluate(async (difficulty) => {
    const out = [];
    for (let i = 0; i < 40; i++) {
      const random = Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
      const challenge = `1.${Math.floor(Date.now() / 1000)}.${difficulty}.${random.slice(0, 22)}.${random.slice(10, 32)}`;
      const started = performance.now();
      await window.JeboProof.solve(challenge, difficulty, 60000);
      out.push(performance.now() - started);
    }
    return out.sort((a, b) => a - b);
  }, d);
  console.log(`${d} bits: median ${times[20].toFixed(0)} ms, p90 ${times[36].toFixed(0)} ms, max ${times[39].toFixed(0)} ms`);
}
await browser.close();
