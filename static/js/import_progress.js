// The import's progress bar: poll the run's progress JSON every second until it has finished,
// then reload once so the page shows the result (and the undo button). Without JavaScript the
// page shows the state it was loaded in; reloading it shows the latest.
document.addEventListener("DOMContentLoaded", () => {
  const section = document.getElementById("import-progress");
  if (!section) return;
  const holder = section.querySelector(".progress");
  const bar = document.getElementById("import-progress-bar");
  const status = document.getElementById("import-status");
  // The width comes from here, not a style attribute, which the content security policy refuses.
  bar.style.width = `${bar.dataset.percent}%`;
  const show = (data) => {
    bar.style.width = `${data.percent}%`;
    bar.textContent = `${data.percent}%`;
    holder.setAttribute("aria-valuenow", data.percent);
    status.textContent = `${data.status_label}: ${data.created_count.toLocaleString()} created, `
      + `${data.updated_count.toLocaleString()} updated, ${data.skipped_count.toLocaleString()} skipped, `
      + `${data.error_count.toLocaleString()} errors.`;
  };
  const poll = () => {
    fetch(section.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => {
        show(data);
        if (!data.finished) setTimeout(poll, 1000);
        else if (section.dataset.wasRunning) window.location.reload();
        else section.dataset.finished = "true";
      })
      .catch(() => setTimeout(poll, 3000));
  };
  section.dataset.wasRunning = "";
  fetch(section.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => response.json())
    .then((data) => {
      show(data);
      if (!data.finished) { section.dataset.wasRunning = "true"; setTimeout(poll, 1000); }
      else section.dataset.finished = "true";
    });
});
