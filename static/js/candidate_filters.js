// "Find a colleague" on the candidate list: the owner filter offers Anyone, Mine and the
// chosen person only (the whole team would be hundreds of options), so typing a name here
// asks the server for matching colleagues and picking one selects them as the owner.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".owner-search");
  const input = document.getElementById("owner-search");
  const select = document.querySelector("select[name=owner]");
  const list = document.getElementById("owner-search-results");
  if (!box || !input || !select || !list) return;
  box.hidden = false;

  let matches = [];
  let timer = null;
  let latest = 0;

  const fill = (results) => {
    matches = results;
    list.replaceChildren(...results.map((person) => {
      const option = document.createElement("option");
      option.value = person.name;
      return option;
    }));
  };

  input.addEventListener("input", () => {
    const chosen = matches.find((person) => person.name === input.value);
    if (chosen) {
      let option = select.querySelector(`option[value="${chosen.id}"]`);
      if (!option) {
        option = new Option(chosen.name, String(chosen.id));
        select.add(option);
      }
      select.value = String(chosen.id);
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = input.value.trim();
      if (!text) return fill([]);
      const asked = ++latest;
      const url = `${input.dataset.url}?${new URLSearchParams({ q: text })}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      // An answer to an older keystroke must not replace a newer one.
      if (response.ok && asked === latest) fill((await response.json()).results);
    }, 200);
  });
});
