// `cargo xtask bench-widget`: how fast the embedded widget shows free times on a phone network.
// Emulates Fast 3G (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip) at 390×844 in Chromium,
// loads a host page whose only integration is the script tag (with a preselected service and "anyone"),
// and measures from navigation to the first free time on screen. Five runs, each in a fresh browser
// context (nothing cached), median reported with the bytes each kind of resource transferred.
import { chromium } from "playwright-core";

const api = process.env.CHAIRTIME_API;
const slug = process.env.CHAIRTIME_BENCH_SALON;
const host = "http://salon.test";
const page_html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Salon</title></head>
<body><h1>Book</h1><script src="${api}/widget.js" data-salon="${slug}" data-service="womens-cut" data-staff="any" async></script></body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.CHAIRTIME_CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessRespectPreflightResults"],
});
const runs = [];
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
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
    const kind = url.endsWith(".wasm") ? "wasm" : url.endsWith("/widget.js") ? "loader" : url.endsWith(".js") ? "glue" : url.includes("/v1/") ? "api" : "page";
    bytes[kind] = (bytes[kind] || 0) + e.encodedDataLength;
  });
  await page.route(`${host}/**`, (route) => route.fulfill({ contentType: "text/html", body: page_html }));
  await page.goto(`${host}/`);
  await page.waitForFunction(() => {
    const root = document.querySelector("[data-chairtime]")?.shadowRoot;
    return root && root.querySelector("[data-testid=slot]");
  }, null, { timeout: 60000, polling: 10 });
  const ms = await page.evaluate(() => performance.now());
  runs.push({ ms, bytes });
  await context.close();
}
await browser.close();
runs.sort((a, b) => a.ms - b.ms);
for (const r of runs) console.log(`run: slots on screen after ${r.ms.toFixed(0)} ms; bytes ${JSON.stringify(r.bytes)}`);
const median = runs[2];
console.log(`Fast 3G, 390x844: slots on screen after ${median.ms.toFixed(0)} ms (median of 5; min ${runs[0].ms.toFixed(0)}, max ${runs[4].ms.toFixed(0)})`);
console.log(`transferred (median run, as served locally): ${JSON.stringify(median.bytes)}`);
