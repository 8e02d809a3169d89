// Shared helpers for the end-to-end tests: the browser, the stack's addresses, and the database.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests with \`cargo xtask test\``);
  return value;
}

export const api = () => env("CHAIRTIME_API");

/** Debian's Chromium, headless, with no background traffic. Playwright gives it a fresh temporary profile. */
export async function launch() {
  return chromium.launch({
    executablePath: env("CHAIRTIME_CHROMIUM"),
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      // Host pages in these tests are served at made-up public origins while the API is on this machine;
      // Chromium would block such requests into the loopback address space. In production the API is public.
      "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessRespectPreflightResults",
    ],
  });
}

/** A phone-sized page (390×844, touch). */
export async function phonePage(browser) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  return context.newPage();
}

/** Polls `read` until it returns `expected` (focus and announcements follow a click by a frame or so). */
export async function eventually(read, expected, message, timeout = 3000) {
  const until = Date.now() + timeout;
  let value = await read();
  while (value !== expected && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  assert.equal(value, expected, message);
}

/** The UTC offset of `zone` at an instant, in minutes. */
export function zoneOffsetMinutes(zone, ms) {
  const name = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName").value;
  const m = /GMT(?:([+-])(\d\d):(\d\d))?/.exec(name);
  return m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** `date` (`YYYY-MM-DD`) at `hh:mm` in `zone`, as epoch milliseconds (a time of day that exists). */
export function zonedInstant(zone, date, hh, mm) {
  const wall = Date.parse(`${date}T${hh}:${mm}:00Z`);
  let instant = wall - zoneOffsetMinutes(zone, wall) * 60_000;
  instant = wall - zoneOffsetMinutes(zone, instant) * 60_000;
  assert.equal(new Date(instant + zoneOffsetMinutes(zone, instant) * 60_000).toISOString().slice(11, 16), `${hh}:${mm}`);
  return instant;
}

/** Where screenshots go. */
export function screenshotPath(name) {
  const dir = join(process.cwd(), "target", "screenshots");
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** Runs SQL through the local Neon-protocol server; returns rows of raw text. */
export async function sql(query, params = []) {
  const response = await fetch(env("CHAIRTIME_NEON_ENDPOINT"), {
    method: "POST",
    headers: {
      "Neon-Connection-String": env("CHAIRTIME_DATABASE_URL"),
      "Neon-Raw-Text-Output": "true",
      "Neon-Array-Mode": "true",
    },
    body: JSON.stringify({ query, params }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${query}: ${JSON.stringify(body)}`);
  return body.rows;
}

/** Collects `page`'s script errors and Content-Security-Policy violations into the returned list. */
export async function watchProblems(page) {
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on("console", (m) => m.text().startsWith("CSP violation") && problems.push(m.text()));
  return problems;
}
