// Shows whether the page's WebSocket is open, from the htmx ws extension's events.
// The words come from data attributes so that they are translated by the template.
(function () {
  function show(state) {
    var status = document.querySelector("[data-ws-status]");
    if (!status) {
      return;
    }
    status.dataset.state = state;
    status.textContent = state === "open" ? status.dataset.textOpen : status.dataset.textClosed;
  }
  document.addEventListener("htmx:wsOpen", function () { show("open"); });
  document.addEventListener("htmx:wsClose", function () { show("closed"); });
  document.addEventListener("htmx:wsError", function () { show("closed"); });
})();
