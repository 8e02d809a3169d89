// `cargo xtask bench-console`: how fast a signed-in owner sees the day view on a phone network.
// Signs in once through the mailed link in the browser (not timed), then five times, with the cache
// disabled so nothing is reused but the session cookie, emulates Fast 3G (1.6 Mbit/s down, 750 kbit/s up, 150 ms
// round trip) at 390×844 and measures from navigation to the day's bookings on screen; reports the
// median and the bytes transferred, by kind.
import { chromium } from "playwright-core";

const api = process.env.CHAIRTIME_API;
const mail = process.env.CHAIRTIME_MAIL_API;
const slug = process.env.CHAIRTIME_BENCH_SALON;
const email = process.env.CHAIRTIME_BENCH_OWNER;

await fetch(`${api}/v1/auth/email-link`, {
  method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email }),
});
let link;
for (let i = 0; i < 100 && !link; i++) {
  const { messages } = await (await fetch(`${mail}/api/messages?to=${encodeURIComponent(email)}`)).json();
  link = messages[0]?.text.match(/#token=([\w-]+)/)?.[1];
  if (!link) await new Promise((r) => setTimeout(r, 100));
}
const browser = await chromium.launch({
  executablePath: process.env.CHAIRTIME_CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
const signIn = await context.newPage();
await signIn.goto(`${api}/console/sign-in#token=${link}`);
await signIn.getByText(/^(\d+ bookings?\.|No bookings on this day\.)$/).waitFor({ timeout: 60000 });
await signIn.close();
const runs = [];
for (let i = 0; i < 5; i++) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  const bytes = {};
  const urls = new Map();
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e) => {
    const url = urls.get(e.requestId) || "";
    const kind = url.endsWith(".wasm") ? "wasm" : url.endsWith(".js") ? "js" : url.endsWith(".css") ? "css" : url.includes("/v1/") ? "api" : "page";
    bytes[kind] = (bytes[kind] || 0) + e.encodedDataLength;
  });
  await page.goto(`${api}/console`);
  await page.getByText(/^(\d+ bookings?\.|No bookings on this day\.)$/).waitFor({ timeout: 60000 });
  const ms = await page.evaluate(() => performance.now());
  runs.push({ ms, bytes, url: page.url() });
  await page.close();
}
await browser.close();
runs.sort((a, b) => a.ms - b.ms);
for (const r of runs) console.log(`run: day view after ${r.ms.toFixed(0)} ms (${r.url}); bytes ${JSON.stringify(r.bytes)}`);
const median = runs[2];
const total = Object.values(median.bytes).reduce((a, b) => a + b, 0);
console.log(`Fast 3G, 390x844: the day view after ${median.ms.toFixed(0)} ms (median of 5; min ${runs[0].ms.toFixed(0)}, max ${runs[4].ms.toFixed(0)})`);
console.log(`transferred (median run, as served locally, ${total} bytes): ${JSON.stringify(median.bytes)}`);
