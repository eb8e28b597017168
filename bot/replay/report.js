"use strict";
(() => {
  const PAGE = 200;
  const CLIP = 300;
  const STORE = "steward-replay-wrong:";
  const fmt = (n) => n.toLocaleString("en-US");
  const make = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };
  const clip = (text, n) => (text.length > n ? text.slice(0, n - 1) + "\u2026" : text);

  class FlaggedTable {
    constructor(section) {
      const q = (selector) => section.querySelector(selector);
      this.rows = JSON.parse(q("script.rows").textContent);
      this.ids = new Set(this.rows.map((r) => r.id));
      this.chatId = section.dataset.chatId === "" ? null : Number(section.dataset.chatId);
      this.fileName = section.dataset.file;
      this.key = STORE + section.dataset.chatKey;
      this.body = q("table.flagged tbody");
      this.label = q("select.label");
      this.search = q("input.search");
      this.onlyWrong = q("input.only-wrong");
      this.status = q(".status");
      this.pageInfo = q(".page");
      this.prev = q("button.prev");
      this.next = q("button.next");
      this.download = q("button.download");
      this.clear = q("button.clear");
      this.link = q("a.corrections");
      this.mirror = q("textarea.corrections");
      this.hint = q(".marks .hint");
      this.marked = this.load();
      this.hay = null;
      this.view = [];
      this.page = 0;
      this.url = null;
      let timer = 0;
      this.search.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => this.filter(), 120);
      });
      this.label.addEventListener("change", () => this.filter());
      this.onlyWrong.addEventListener("change", () => this.filter());
      this.prev.addEventListener("click", () => this.turn(-1));
      this.next.addEventListener("click", () => this.turn(1));
      this.download.addEventListener("click", () => this.saveCorrections());
      this.clear.addEventListener("click", () => {
        if (window.confirm("Clear every mark of this chat?")) this.unmarkAll();
      });
      this.body.addEventListener("change", (event) => {
        const box = event.target;
        if (!(box instanceof HTMLInputElement) || !box.classList.contains("wrong")) return;
        const tr = box.closest("tr");
        this.mark(Number(tr.dataset.id), box.checked, tr);
      });
      this.filter();
      this.showMarks();
    }

    load() {
      try {
        const raw = window.localStorage.getItem(this.key);
        const ids = raw ? JSON.parse(raw) : [];
        return new Set(ids.filter((id) => this.ids.has(id)));
      } catch (error) {
        return new Set();
      }
    }

    store() {
      try {
        window.localStorage.setItem(this.key, JSON.stringify([...this.marked]));
      } catch (error) {
        // Storage may be off for local files: the marks then last as long as the page.
      }
    }

    haystack(i) {
      if (this.hay === null) {
        this.hay = this.rows.map((r) =>
          [r.text, r.from, r.action, r.lead, ...r.labels,
           ...r.checks.map((c) => c.name + " " + c.detail)].join("\n").toLowerCase());
      }
      return this.hay[i];
    }

    filter() {
      const label = this.label.value;
      const query = this.search.value.trim().toLowerCase();
      const only = this.onlyWrong.checked;
      const view = [];
      for (let i = 0; i < this.rows.length; i++) {
        const r = this.rows[i];
        if (label !== "all" && r.lead !== label) continue;
        if (only && !this.marked.has(r.id)) continue;
        if (query && !this.haystack(i).includes(query)) continue;
        view.push(i);
      }
      this.view = view;
      this.page = 0;
      this.render();
    }

    turn(step) {
      this.page += step;
      this.render();
      this.search.closest(".controls").scrollIntoView({ block: "nearest" });
    }

    render() {
      const total = this.view.length;
      const pages = Math.max(1, Math.ceil(total / PAGE));
      this.page = Math.min(Math.max(this.page, 0), pages - 1);
      const start = this.page * PAGE;
      const end = Math.min(start + PAGE, total);
      const rows = document.createDocumentFragment();
      for (let k = start; k < end; k++) rows.append(this.row(this.view[k]));
      if (!total) {
        const tr = make("tr", "empty");
        const td = make("td", null, this.rows.length
          ? "No flagged message matches." : "Nothing would have been flagged.");
        td.colSpan = 7;
        tr.append(td);
        rows.append(tr);
      }
      this.body.replaceChildren(rows);
      const of = total === this.rows.length ? "" : ` (filtered from ${fmt(this.rows.length)})`;
      this.status.textContent = total
        ? `Rows ${fmt(start + 1)}\u2013${fmt(end)} of ${fmt(total)}${of}`
        : `0 rows${of}`;
      this.pageInfo.textContent = `Page ${fmt(this.page + 1)} of ${fmt(pages)}`;
      this.prev.disabled = this.page === 0;
      this.next.disabled = this.page >= pages - 1;
    }

    row(i) {
      const r = this.rows[i];
      const tr = make("tr");
      tr.dataset.id = String(r.id);
      tr.dataset.lead = r.lead;
      const marked = this.marked.has(r.id);
      if (marked) tr.classList.add("wrong");
      const box = make("input", "wrong");
      box.type = "checkbox";
      box.checked = marked;
      box.title = "Wrong: Steward should not act on this message";
      box.setAttribute("aria-label", "wrong");
      const wrong = make("td", "wrong");
      wrong.append(box);
      const when = make("td", "date", r.date.slice(0, 16).replace("T", " "));
      when.title = r.date;
      const author = make("td", "author", r.from || "(no name)");
      author.dir = "auto";
      if (r.from_id) author.title = "id " + r.from_id;
      const labels = make("td", "label");
      const lead = make("span", "badge", r.lead);
      lead.dataset.label = r.lead;
      labels.append(lead);
      for (const other of r.labels) {
        if (other !== r.lead) labels.append(" ", make("span", "badge also", other));
      }
      const action = make("td", "action", r.action);
      const reasons = make("td", "reasons");
      for (const check of r.checks) {
        const line = make("div");
        line.append(make("b", null, check.name), " ", check.detail);
        reasons.append(line);
      }
      const text = make("td", "text", clip(r.text, CLIP));
      text.dir = "auto";
      if (r.text.length > CLIP) text.title = r.text;
      tr.append(wrong, when, author, labels, action, reasons, text);
      return tr;
    }

    mark(id, on, tr) {
      if (on) this.marked.add(id);
      else this.marked.delete(id);
      tr.classList.toggle("wrong", on);
      this.store();
      this.showMarks();
    }

    unmarkAll() {
      this.marked.clear();
      this.store();
      this.showMarks();
      this.render();
    }

    showMarks() {
      const n = this.marked.size;
      this.download.textContent = `Download corrections (${fmt(n)})`;
      this.download.disabled = n === 0;
      this.clear.disabled = n === 0;
    }

    corrections() {
      const lines = [];
      let empty = 0;
      for (const r of this.rows) {
        if (!this.marked.has(r.id)) continue;
        if (!r.text.trim()) {
          empty += 1;
          continue;
        }
        lines.push(JSON.stringify({ text: r.text, label: "ham", chat: this.chatId }) + "\n");
      }
      return { text: lines.join(""), count: lines.length, empty };
    }

    saveCorrections() {
      const { text, count, empty } = this.corrections();
      this.mirror.value = text;
      if (this.url) URL.revokeObjectURL(this.url);
      this.url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
      this.link.href = this.url;
      this.link.download = this.fileName;
      this.link.textContent = `${this.fileName} (${fmt(count)} rows)`;
      this.link.hidden = false;
      const chat = this.chatId === null ? "" : ` --chat ${this.chatId}`;
      const left = empty ? ` (${fmt(empty)} marked rows have no text and were left out)` : "";
      this.hint.textContent = `then: steward train --ham ${this.fileName}${chat}${left}`;
      this.link.click();
    }
  }

  for (const section of document.querySelectorAll("section.chat")) {
    try {
      new FlaggedTable(section);
    } catch (error) {
      const status = section.querySelector(".status");
      if (status) status.textContent = "The table could not be shown: " + error;
      throw error;
    }
  }
})();
