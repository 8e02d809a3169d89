// Page object for the owners' console, driven by roles and labels as a person (or a screen reader)
// finds things.
import assert from "node:assert/strict";

export class ConsolePage {
  constructor(page) {
    this.page = page;
  }

  heading() {
    return this.page.getByRole("heading", { level: 1 });
  }

  dialog() {
    return this.page.getByRole("dialog");
  }

  /** A booking on the calendar, by its client's name. */
  booking(name) {
    return this.page.getByRole("button", { name: new RegExp(name) });
  }

  /** Asks for a sign-in link for `email` on the sign-in page. */
  async askForLink(email) {
    await this.page.getByLabel("Email address").fill(email);
    await this.page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await this.page.getByRole("heading", { name: "Check your email" }).waitFor();
  }

  /** On a phone the day shows one staff member at a time: picks `name` when the switcher is there. */
  async showStaff(name) {
    const chip = this.page.getByRole("group", { name: "Staff member shown" }).getByRole("button", { name });
    if (await chip.isVisible()) {
      await chip.click();
      assert.equal(await chip.getAttribute("aria-pressed"), "true");
    }
  }

  /** Taps the empty time `hhmm` in `staff`'s column. */
  async tapEmptyTime(staff, hhmm) {
    await this.showStaff(staff);
    await this.page.getByRole("button", { name: `New booking at ${hhmm}, ${staff}` }).click();
    await this.dialog().waitFor();
  }

  /** The problem the open dialog shows (an API refusal). */
  problem() {
    return this.dialog().getByRole("alert");
  }

  async closeDialog() {
    await this.dialog().getByRole("button", { name: "Close" }).click();
    await this.dialog().waitFor({ state: "detached" });
  }

  async nav(name) {
    await this.page.getByRole("navigation", { name: "Console" }).getByRole("link", { name }).click();
  }
}

/** The newest sign-in link mailed to `to`, from mail-local's test API. */
export async function signInLink(mailApi, to, after = 0) {
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${mailApi}/api/messages?to=${encodeURIComponent(to)}`);
    const { messages } = await r.json();
    const fresh = messages.filter((m) => Date.parse(m.received_at) >= after);
    const link = fresh.map((m) => /https?:\/\/\S+\/console\/sign-in#token=[A-Za-z0-9_-]+/.exec(m.text)).find(Boolean);
    if (link) return link[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no sign-in link reached ${to}`);
}
