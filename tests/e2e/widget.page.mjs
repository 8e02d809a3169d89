// Page object for one booking widget on a page. Locators pierce the open shadow root.
export class WidgetPage {
  constructor(page, root = page.locator("[data-chairtime]").first()) {
    this.page = page;
    this.root = root;
  }

  testId(id) {
    return this.root.getByTestId(id);
  }

  /** The data-testid of the element that has focus, looking inside shadow roots. */
  focused() {
    return this.page.evaluate(() => {
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      return el ? el.getAttribute("data-testid") : null;
    });
  }

  /** What the live region says now. */
  async announced() {
    return (await this.testId("announce").textContent()).trim();
  }

  async open(url) {
    await this.page.goto(url);
    await this.testId("services").waitFor();
  }

  async chooseService(key) {
    await this.root.locator(`[data-testid="service"][data-key="${key}"]`).click();
    await this.testId("staff-list").waitFor();
  }

  /** The button of one date in the strip of days. */
  day(date) {
    return this.root.locator(`[data-testid="day"][data-date="${date}"]`);
  }

  async chooseStaff(key = "any") {
    await this.root.locator(`[data-testid="staff"][data-key="${key}"]`).click();
    await this.testId("slots").waitFor();
  }

  /**
   * Clicks an early free time of the selected day, the second when there are two: the very first can
   * sit on the minimum-notice boundary and be refused a second later, while the client types. Returns
   * its RFC 3339 start.
   */
  async chooseEarlySlot() {
    const slots = this.testId("slot");
    const slot = (await slots.count()) > 1 ? slots.nth(1) : slots.first();
    const start = await slot.getAttribute("data-start");
    await slot.click();
    await this.testId("details").waitFor();
    return start;
  }

  async fillDetails({ name, email = "", phone = "" }) {
    await this.testId("name").fill(name);
    if (email) await this.testId("email").fill(email);
    if (phone) await this.testId("phone").fill(phone);
  }

  /** Submits and returns the booking code shown. */
  async book() {
    await this.testId("book").click();
    await this.testId("confirmation").waitFor();
    return (await this.testId("booking-code").textContent()).trim();
  }
}

// Page object for the client's booking page (`/b/{token}`), the manage build mounted in the page's <main>.
export class ManagePage {
  constructor(page) {
    this.page = page;
    this.root = page.locator("#chairtime-manage");
  }

  testId(id) {
    return this.root.getByTestId(id);
  }

  async text(id) {
    return (await this.testId(id).textContent()).trim();
  }

  async open(url) {
    await this.page.goto(url);
    await this.testId("booking").waitFor();
  }

  /** Opens the picker and waits for a page of free times. */
  async startMove() {
    await this.testId("move").click();
    await this.testId("days").waitFor();
  }

  /** Chooses the first free time on the first day with times after `date`; returns its start. */
  async chooseTimeAfter(date) {
    const days = this.root.locator('[data-testid="day"]:not(.ct-day-empty)');
    const dates = await days.evaluateAll((els) => els.map((e) => e.getAttribute("data-date")));
    const target = dates.find((d) => d > date);
    await this.root.locator(`[data-testid="day"][data-date="${target}"]`).click();
    const slot = this.testId("slot").first();
    const start = await slot.getAttribute("data-start");
    await slot.click();
    await this.testId("confirm-move").waitFor();
    return start;
  }

  async confirmMove() {
    await this.testId("confirm-move").click();
    await this.testId("notice").waitFor();
    await this.testId("booking").waitFor();
  }

  async cancel() {
    await this.testId("cancel").click();
    await this.testId("confirm-cancel").waitFor();
    await this.testId("confirm-cancel").click();
    await this.testId("closed").waitFor();
  }
}
