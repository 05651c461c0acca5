// The segment form's live count: after a filter changes, ask the server how many candidates
// match and who would be left out, and say so beside the form (an aria-live region).
// Without JavaScript the form still saves; the segment's page then shows the count.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("segment-form");
  if (!form) return;
  const count = document.getElementById("segment-count");
  const excluded = document.getElementById("segment-excluded");
  let timer = null;
  let latest = 0;

  const show = (data) => {
    excluded.replaceChildren();
    if (data.errors) {
      count.textContent = "Fix the highlighted filters to see the count.";
      return;
    }
    const noun = data.matched === 1 ? "candidate matches" : "candidates match";
    count.textContent = `${data.matched.toLocaleString()} ${noun}, ${data.eligible.toLocaleString()} can be emailed now.`;
    data.excluded.forEach((row) => {
      const item = document.createElement("li");
      item.textContent = `${row.count.toLocaleString()} left out: ${row.reason}`;
      excluded.appendChild(item);
    });
  };

  const refresh = () => {
    const params = new URLSearchParams(new FormData(form));
    params.delete("csrfmiddlewaretoken");
    const ticket = ++latest;
    fetch(`${form.dataset.countUrl}?${params}`, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => { if (ticket === latest) show(data); })
      .catch(() => { count.textContent = "The count is not available right now; saving still works."; });
  };

  const soon = () => { clearTimeout(timer); timer = setTimeout(refresh, 300); };
  form.addEventListener("change", soon);
  form.addEventListener("input", soon);
  refresh();
});
