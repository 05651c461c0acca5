// The newsletter page's progress bar: while the issue sends, ask the server for the counts
// every two seconds and show them (the counts are an aria-live region). Stops once it is done.
// Without JavaScript the page shows the counts as they were when it loaded.
document.addEventListener("DOMContentLoaded", () => {
  const card = document.getElementById("newsletter-progress");
  if (!card) return;
  const bar = document.getElementById("progress-bar");
  const fill = document.getElementById("progress-fill");
  // The CSP allows no style attributes: the bar's width is set from here, the number is in the text.
  fill.style.width = `${bar.dataset.percent}%`;
  if (card.dataset.finished === "true") return;
  const status = document.getElementById("newsletter-status");
  const throttled = document.getElementById("progress-throttled");
  const number = (value) => Number(value).toLocaleString();

  const show = (data) => {
    bar.setAttribute("aria-valuenow", data.percent);
    fill.style.width = `${data.percent}%`;
    fill.textContent = `${data.percent} %`;
    status.textContent = data.status_label;
    card.querySelectorAll("[data-count]").forEach((node) => {
      const value = data[node.dataset.count];
      node.textContent = typeof value === "number" ? number(value) : value;
    });
    throttled.hidden = !data.throttled_until;
    if (data.finished) fill.classList.remove("progress-bar-striped", "progress-bar-animated");
  };

  const poll = () => {
    fetch(card.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => {
        show(data);
        if (!data.finished) setTimeout(poll, 2000);
      })
      .catch(() => setTimeout(poll, 5000));
  };
  setTimeout(poll, 1000);
});
