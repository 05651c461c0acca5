// The import's progress bar: while the import (or its undo) runs, poll the run's progress JSON
// every second; once it has finished, reload once so the page shows the result and the undo
// button. Without JavaScript the page shows the state it was loaded in; reloading shows the latest.
document.addEventListener("DOMContentLoaded", () => {
  const section = document.getElementById("import-progress");
  if (!section) return;
  const holder = section.querySelector(".progress");
  const bar = document.getElementById("import-progress-bar");
  const status = document.getElementById("import-status");
  const show = (percent) => {
    // The width comes from here, not a style attribute, which the content security policy refuses.
    bar.style.width = `${percent}%`;
    bar.textContent = `${percent}%`;
    holder.setAttribute("aria-valuenow", percent);
  };
  show(bar.dataset.percent);
  if (section.dataset.running !== "true") return;
  const poll = () => {
    fetch(section.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => {
        show(data.percent);
        status.textContent = `${data.status_label}: ${data.created_count.toLocaleString()} created, `
          + `${data.updated_count.toLocaleString()} updated, ${data.skipped_count.toLocaleString()} skipped, `
          + `${data.error_count.toLocaleString()} errors.`;
        if (data.finished) window.location.reload();
        else setTimeout(poll, 1000);
      })
      .catch(() => setTimeout(poll, 3000));
  };
  poll();
});
