// The report is rendered in full on the server side; this only filters, sorts and opens rows.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const q = $("q"), st = $("st"), kind = $("kind"), att = $("att"), hide = $("hideskip");
  const tbody = $("items").tBodies[0];
  // Each item row travels with the detail row right after it.
  const pairs = [...tbody.querySelectorAll("tr.item")].map((r) => [r, r.nextElementSibling]);
  const text = pairs.map(([r, d]) => (r.textContent + " " + d.textContent).toLowerCase());

  function matches(i) {
    const r = pairs[i][0], t = q.value.trim().toLowerCase();
    if (t && !text[i].includes(t)) return false;
    if (st.value && r.dataset.status !== st.value) return false;
    if (kind.value && !r.dataset.kinds.split(" ").includes(kind.value)) return false;
    if (att.checked && r.dataset.look !== "1") return false;
    // Skipped items (attachments, menu items ...) are hidden unless asked for by status.
    return !(hide.checked && r.dataset.status === "skipped" && st.value !== "skipped");
  }

  function filter() {
    let shown = 0;
    pairs.forEach(([r, d], i) => {
      const ok = matches(i);
      r.hidden = !ok;
      d.hidden = !ok || r.getAttribute("aria-expanded") !== "true";
      shown += ok ? 1 : 0;
    });
    $("shown").textContent = shown === pairs.length
      ? `${pairs.length} items` : `showing ${shown} of ${pairs.length} items`;
    $("none").textContent = pairs.length ? "No item matches the filter." : "No items.";
    $("none").hidden = shown > 0;
    document.querySelectorAll("[data-kind]").forEach((b) =>
      b.classList.toggle("on", b.dataset.kind === kind.value));
    document.querySelectorAll(".legend [data-status]").forEach((b) =>
      b.classList.toggle("on", b.dataset.status === st.value));
  }

  function toggle(r, open) {
    const d = r.nextElementSibling;
    const now = open === undefined ? r.getAttribute("aria-expanded") !== "true" : open;
    r.setAttribute("aria-expanded", String(now));
    d.hidden = !now || r.hidden;
  }

  function sortBy(th, col) {
    const dir = th.classList.contains("asc") ? -1 : 1;
    th.parentNode.querySelectorAll("th").forEach((h) => h.classList.remove("asc", "desc"));
    th.classList.add(dir === 1 ? "asc" : "desc");
    const num = th.dataset.sort === "num";
    const key = ([r]) => {
      const c = r.children[col];
      return num ? parseFloat(c.dataset.v) : c.textContent.trim().toLowerCase();
    };
    const order = pairs.map((p, i) => [key(p), i]);
    order.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]) * dir);
    const frag = document.createDocumentFragment();
    order.forEach(([, i]) => frag.append(...pairs[i]));
    tbody.append(frag);
  }

  [q, st, kind, att, hide].forEach((el) => el.addEventListener("input", filter));
  tbody.addEventListener("click", (ev) => {
    const r = ev.target.closest("tr.item");
    if (r && !window.getSelection().toString()) toggle(r);
  });
  tbody.addEventListener("keydown", (ev) => {
    const r = ev.target.closest("tr.item");
    if (r && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); toggle(r); }
  });
  document.querySelectorAll("#items > thead th").forEach((th, col) =>
    th.addEventListener("click", () => sortBy(th, col)));
  document.querySelectorAll("[data-kind]").forEach((b) => b.addEventListener("click", () => {
    kind.value = kind.value === b.dataset.kind ? "" : b.dataset.kind;
    filter();
    $("items").scrollIntoView({ behavior: "smooth" });
  }));
  document.querySelectorAll(".legend [data-status]").forEach((b) => b.addEventListener("click", () => {
    st.value = st.value === b.dataset.status ? "" : b.dataset.status;
    filter();
  }));
  $("expand").addEventListener("click", (ev) => {
    const open = ev.target.textContent === "open all";
    pairs.forEach(([r]) => toggle(r, open));
    ev.target.textContent = open ? "close all" : "open all";
  });
  filter();
  document.body.dataset.ready = "1";
})();
