// Type-ahead for inviting candidates one by one: search as you type, click to pick, the
// hidden field carries the picked ids. Without JavaScript the segment form still works.
(() => {
  const form = document.getElementById("pick-form");
  if (!form) return;
  const input = document.getElementById("candidate-search");
  const results = document.getElementById("candidate-results");
  const pickedList = document.getElementById("picked");
  const hidden = form.querySelector("input[name=candidates]");
  const picked = new Map();
  let timer = null;

  const sync = () => {
    hidden.value = Array.from(picked.keys()).join(",");
    pickedList.replaceChildren(...Array.from(picked, ([id, name]) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = `${name} ×`;
      button.setAttribute("aria-label", `Remove ${name}`);
      button.addEventListener("click", () => { picked.delete(id); sync(); });
      li.append(button);
      return li;
    }));
  };

  const show = (rows) => {
    results.replaceChildren(...rows.filter((row) => !picked.has(String(row.id))).map((row) => {
      const li = document.createElement("li");
      li.className = "list-group-item list-group-item-action";
      li.setAttribute("role", "option");
      li.tabIndex = 0;
      li.dataset.id = row.id;
      li.textContent = `${row.name} · ${row.email}${row.company ? " · " + row.company : ""}`;
      const pick = () => { picked.set(String(row.id), row.name); results.replaceChildren(); input.value = ""; input.setAttribute("aria-expanded", "false"); input.focus(); sync(); };
      li.addEventListener("click", pick);
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); pick(); } });
      return li;
    }));
    input.setAttribute("aria-expanded", results.children.length ? "true" : "false");
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { show([]); return; }
    timer = setTimeout(async () => {
      const response = await fetch(`${form.dataset.searchUrl}?q=${encodeURIComponent(q)}`, { headers: { Accept: "application/json" } });
      if (response.ok) show((await response.json()).results);
    }, 200);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); const first = results.querySelector("li"); if (first) first.click(); }
  });
})();
