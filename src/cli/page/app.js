// The editors' page.  Every piece of article text reaches the page through
// textContent, never as markup; nothing is fetched but this server's API.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const SEV = { error: 3, warning: 2, info: 1 };
  let dropped = null;      // files dropped on the box, else the file input's
  let shown = null;        // {text, doc}: the article on screen and its result

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  async function api(path, opts) {
    const r = await fetch(path, opts);
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    if (!r.ok) throw new Error((body && body.error) || ("HTTP " + r.status));
    return body;
  }

  async function init() {
    const info = await api("/api/rules");
    $("version").textContent = info.version;
    const sel = $("policy");
    info.policies.forEach((p) => {
      const o = el("option", null, p.id === "none" ? "No policy" : p.id);
      o.value = p.id;
      sel.appendChild(o);
    });
    const describe = () => {
      const p = info.policies.find((x) => x.id === sel.value);
      const box = $("policy-info");
      box.textContent = "";
      if (!p || !p.agreements.length) {
        box.textContent = "No agreements: only what is wrong on its face is reported.";
        return;
      }
      box.appendChild(el("span", null, "Agreements in force: "));
      p.agreements.forEach((a, i) => {
        box.appendChild(el("span", null, (i ? "; " : "") + a.id + " (partner " + a.partner + ")"));
      });
    };
    sel.addEventListener("change", describe);
    describe();
    const box = $("requirements");
    (info.requirements || []).forEach((r) => {
      const lab = el("label");
      const cb = el("input");
      cb.type = "checkbox";
      cb.name = "require";
      cb.value = r.name;
      cb.checked = r.on;
      lab.appendChild(cb);
      const txt = el("span");
      txt.appendChild(el("b", null, r.name));
      if (r.checks.length)
        txt.appendChild(document.createTextNode(": " + r.checks.map((c) => c.summary).join("; ")));
      lab.appendChild(txt);
      box.appendChild(lab);
    });
  }

  function requirements() {
    return Array.from(document.querySelectorAll("#requirements input:checked"))
      .map((c) => c.value).join(",");
  }

  function textLike(name) {
    return /\.(txt|text|md|markdown|html?|xml|json|nitf|newsml)$/i.test(name);
  }

  async function check() {
    const files = dropped || Array.from($("files").files);
    const query = "/api/check?policy=" + encodeURIComponent($("policy").value || "") +
      "&require=" + encodeURIComponent(requirements());
    const status = $("status");
    status.textContent = "Checking…";
    $("check").disabled = true;
    try {
      let rep, text = null;
      if (files.length) {
        const fd = new FormData();
        files.forEach((f) => fd.append("file", f, f.name));
        if (files.length === 1 && textLike(files[0].name)) text = await files[0].text();
        rep = await api(query, { method: "POST", body: fd });
      } else {
        text = $("article").value;
        if (!text.trim()) { status.textContent = "Paste an article or choose a file first."; return; }
        rep = await api(query, {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ name: "article.txt", text: text }) });
      }
      status.textContent = "";
      show(rep, text);
    } catch (e) {
      status.textContent = "The check failed: " + e.message;
    } finally {
      $("check").disabled = false;
    }
  }

  function allFindings(rep) {
    const out = [];
    rep.documents.forEach((d) => d.findings.forEach((f) => out.push({ doc: d, f: f })));
    out.sort((a, b) => (SEV[b.f.severity] || 0) - (SEV[a.f.severity] || 0) ||
      (a.f.line || 0) - (b.f.line || 0));
    return out;
  }

  function show(rep, text) {
    $("results").hidden = false;
    $("fixed").hidden = true;
    const items = allFindings(rep);
    const n = { error: 0, warning: 0, info: 0 };
    items.forEach((x) => { n[x.f.severity] = (n[x.f.severity] || 0) + 1; });
    const v = $("verdict");
    const docs = rep.documents.length;
    if (!items.length) {
      v.className = "verdict ok";
      v.textContent = docs === 1 ? "No problems found: the credit lines are complete."
        : "No problems found in " + docs + " documents.";
    } else {
      v.className = "verdict bad";
      const parts = [];
      ["error", "warning", "info"].forEach((s) => { if (n[s]) parts.push(n[s] + " " + s + (n[s] > 1 ? "s" : "")); });
      v.textContent = items.length + (items.length > 1 ? " problems" : " problem") +
        " to look at (" + parts.join(", ") + ")" + (docs > 1 ? " in " + docs + " documents." : ".");
    }
    const errs = rep.errors || [], notes = rep.notes || [];
    if (errs.length) v.textContent += " " + errs.length + " input could not be read fully: " +
      errs.map((e) => e.path + ": " + e.message).join("; ");
    if (notes.length) v.textContent += " Not checked: " +
      notes.map((n) => n.path + ": " + n.message).join("; ");

    const list = $("findings");
    list.textContent = "";
    items.forEach((x) => list.appendChild(finding(x, docs > 1)));
    $("findings-box").hidden = !items.length;
    $("apply").hidden = !(docs === 1 && text !== null && items.some((x) => x.f.fix));
    $("apply-note").textContent = "";

    shown = docs === 1 && text !== null ? { text: text, doc: rep.documents[0] } : null;
    $("credits-box").hidden = !shown;
    if (shown) view(shown.text, shown.doc);
    bundle(rep);
  }

  function finding(x, withPath) {
    const f = x.f, li = el("li");
    const head = el("div");
    head.appendChild(el("span", "sev " + f.severity, f.severity));
    head.appendChild(document.createTextNode(" " + f.message + " "));
    if (f.line) {
      const b = el("button", "goto", (withPath ? x.doc.path + ", " : "") + "line " + f.line);
      b.type = "button";
      b.addEventListener("click", () => gotoLine(f.line));
      head.appendChild(b);
    } else if (withPath) {
      head.appendChild(el("span", "muted", x.doc.path));
    }
    li.appendChild(head);
    if (f.fix) {
      const fx = el("div", "fix");
      fx.appendChild(el("span", null, f.line && replaces(f) ? "Change the line to:" : "Add this line:"));
      const code = el("code", null, f.fix);
      fx.appendChild(code);
      const copy = el("button", null, "Copy");
      copy.type = "button";
      copy.setAttribute("aria-label", "Copy the line: " + f.fix);
      copy.addEventListener("click", async () => {
        try { await navigator.clipboard.writeText(f.fix); copy.textContent = "Copied"; }
        catch (e) {
          const r = document.createRange(); r.selectNodeContents(code);
          const s = getSelection(); s.removeAllRanges(); s.addRange(r);
          copy.textContent = "Selected: press Ctrl+C";
        }
      });
      fx.appendChild(copy);
      li.appendChild(fx);
    }
    const asked = el("details", "asked");
    asked.appendChild(el("summary", null, "Asked for by " + (f.requirement ? "requirement " + f.requirement + ", " : "") + "check " + f.check));
    asked.addEventListener("toggle", async () => {
      if (!asked.open || asked.dataset.loaded) return;
      asked.dataset.loaded = "1";
      try {
        const e = await api("/api/explain/" + encodeURIComponent(f.check));
        asked.appendChild(el("p", null, e.description));
        asked.appendChild(el("p", null, e.help));
      } catch (err) { asked.appendChild(el("p", null, err.message)); }
    });
    li.appendChild(asked);
    return li;
  }

  function gotoLine(n) {
    const li = document.getElementById("L" + n);
    if (!li) return;
    document.querySelectorAll("li.target").forEach((e) => e.classList.remove("target"));
    li.classList.add("target");
    li.scrollIntoView({ block: "center" });
    li.focus();
  }

  // The article with each credit marked: line, column (characters) and the
  // length of the matched text.
  function view(text, doc) {
    const lines = text.split(/\r?\n/);
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    const byLine = {};
    doc.credits.forEach((c) => { if (c.line) (byLine[c.line] = byLine[c.line] || []).push(c); });
    const ol = $("view");
    ol.textContent = "";
    lines.forEach((line, i) => {
      const li = el("li");
      li.id = "L" + (i + 1);
      li.tabIndex = -1;
      li.appendChild(el("span", "n", String(i + 1)));
      const body = el("span", "t");
      const cs = (byLine[i + 1] || []).slice().sort((a, b) => a.column - b.column);
      const chars = Array.from(line);
      let at = 0;
      cs.forEach((c) => {
        const start = Math.max(at, (c.column || 1) - 1);
        const len = Array.from(c.text || "").length || (chars.length - start);
        if (start >= chars.length) return;
        body.appendChild(document.createTextNode(chars.slice(at, start).join("")));
        const m = el("mark", "k-" + c.kind, chars.slice(start, start + len).join(""));
        m.title = c.kind + ": " + (c.value || "");
        body.appendChild(m);
        at = Math.min(chars.length, start + len);
      });
      body.appendChild(document.createTextNode(chars.slice(at).join("")));
      li.appendChild(body);
      const kinds = [...new Set(cs.map((c) => c.kind))];
      kinds.forEach((k) => li.appendChild(el("span", "kind", k)));
      ol.appendChild(li);
    });
  }

  // A fix replaces its line when that line holds a credit of the fix's own
  // kind (a wrong notice, a reworded partner line); else it adds a line.
  function kindOf(line) {
    if (/^\s*(©|\(c\)|copyright)/i.test(line)) return "copyright";
    if (/^\s*edited by/i.test(line)) return "editor";
    if (/^\s*(produced in association|in association|distributed by|originally|republished|syndicated)/i.test(line)) return "syndication";
    return null;
  }
  function replaces(f) {
    if (!shown || !f.line) return false;
    const k = kindOf(f.fix);
    return !!k && shown.doc.credits.some((c) => c.line === f.line && c.kind === k);
  }

  function applyFixes() {
    if (!shown) return;
    const lines = shown.text.replace(/\s+$/, "").split(/\r?\n/);
    const change = {}, add = [], skipped = [];
    allFindings({ documents: [shown.doc] }).forEach((x) => {
      const f = x.f;
      if (!f.fix) return;
      if (/<[a-z ]+>|\{[a-z]+\}/i.test(f.fix)) { skipped.push(f.fix); return; }
      if (replaces(f)) {
        if (change[f.line] !== undefined && change[f.line] !== f.fix) { skipped.push(f.fix); delete change[f.line]; return; }
        change[f.line] = f.fix;
      } else if (!add.includes(f.fix) && !lines.includes(f.fix)) {
        add.push(f.fix);
      }
    });
    const out = [], diff = $("diff");
    diff.textContent = "";
    const row = (cls, tag, t) => {
      const li = el("li", cls);
      li.appendChild(el("span", "tag", tag));
      li.appendChild(el("span", null, t));
      diff.appendChild(li);
    };
    lines.forEach((l, i) => {
      if (change[i + 1] !== undefined) {
        row("remove", "removed", l);
        row("change", "changed", change[i + 1]);
        out.push(change[i + 1]);
      } else {
        row("", "", l);
        out.push(l);
      }
    });
    add.forEach((l) => { row("add", "added", l); out.push(l); });
    const blob = new Blob([out.join("\n") + "\n"], { type: "text/plain;charset=utf-8" });
    const a = $("download");
    if (a.href) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(blob);
    $("fixed").hidden = false;
    $("apply-note").textContent = skipped.length
      ? skipped.length + " fix(es) need a value you must choose and were not applied: " + skipped.join(" | ")
      : "";
    $("fixed").scrollIntoView({ block: "start" });
  }

  function bundle(rep) {
    const bs = rep.bundles || [];
    $("bundle").hidden = !bs.length && rep.documents.length < 2;
    const tb = $("bundle-table").tBodies[0], pb = $("partner-table").tBodies[0];
    tb.textContent = "";
    pb.textContent = "";
    const row = (body, cells) => {
      const tr = el("tr");
      cells.forEach((v) => tr.appendChild(el("td", null, String(v))));
      body.appendChild(tr);
    };
    const partners = {};
    bs.forEach((b) => {
      row(tb, [b.path, b.documents, b.documents_with_findings, b.errors]);
      [["parties", "syndication party"], ["holders", "copyright holder"]].forEach(([k, as]) =>
        (b[k] || []).forEach((t) => {
          const key = t.name + "\u0000" + as;
          partners[key] = partners[key] || { name: t.name, as: as, n: 0 };
          partners[key].n += t.count;
        }));
    });
    Object.values(partners).sort((a, b) => b.n - a.n || a.name.localeCompare(b.name))
      .forEach((p) => row(pb, [p.name, p.as, p.n]));
    const ul = $("bundle-docs");
    ul.textContent = "";
    rep.documents.filter((d) => d.findings.length).forEach((d) => {
      const li = el("li", null, d.path + ": ");
      li.appendChild(el("span", null, d.findings.map((f) => f.check).join(", ")));
      ul.appendChild(li);
    });
  }

  function wireDrop() {
    const box = $("drop");
    ["dragenter", "dragover"].forEach((t) => box.addEventListener(t, (e) => {
      e.preventDefault(); box.classList.add("over"); }));
    ["dragleave", "drop"].forEach((t) => box.addEventListener(t, (e) => {
      e.preventDefault(); box.classList.remove("over"); }));
    box.addEventListener("drop", (e) => {
      dropped = Array.from(e.dataTransfer.files);
      $("status").textContent = dropped.length + " file(s) ready: " + dropped.map((f) => f.name).join(", ");
    });
    $("files").addEventListener("change", () => { dropped = null; });
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("check").addEventListener("click", check);
    $("apply").addEventListener("click", applyFixes);
    wireDrop();
    init().catch((e) => { $("status").textContent = "Could not reach creditline: " + e.message; });
  });
})();
