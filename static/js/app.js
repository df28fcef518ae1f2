// Behaviour shared by every page, so templates carry no inline handlers (a Content-Security-Policy needs none):
// a button with data-print prints the page; a form with data-confirm asks before it is sent.
(function () {
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("submit", (event) => {
    const message = event.target.dataset ? event.target.dataset.confirm : null;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
