// Collapsible organisation tree: rows carry data-id / data-parent / data-depth; a caret shows or hides the
// sub-units. A row with data-load has its sub-units on the server (a large tree is drawn two levels deep): the
// first opening fetches their rows (organizations:tree_branch) and puts them under it.
(function () {
  const table = document.getElementById("tree");
  if (!table) return;
  // Indentation by depth, set here so that the page carries no style attribute (Content-Security-Policy).
  const indent = (row) => {
    const space = row.querySelector(".tree-indent");
    if (space) space.style.width = `${Number(row.dataset.depth) * 22}px`;
  };
  const rows = () => Array.from(table.querySelectorAll("tr.tree-row"));
  const childrenOf = (row) => Array.from(table.querySelectorAll(`tr.tree-row[data-parent="${row.dataset.id}"]`));
  rows().forEach(indent);
  const setOpen = (row, open) => {
    const button = row.querySelector(".tree-toggle");
    if (!button) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.firstElementChild.className = "bi " + (open ? "bi-caret-down-fill" : "bi-caret-right-fill");
  };
  const hideBelow = (row) => {
    childrenOf(row).forEach((child) => {
      child.classList.add("d-none");
      setOpen(child, false);
      hideBelow(child);
    });
  };
  const load = (row) => {
    const url = row.dataset.load;
    delete row.dataset.load;
    row.setAttribute("aria-busy", "true");
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const holder = document.createElement("tbody");
        holder.innerHTML = html;
        const added = Array.from(holder.querySelectorAll("tr.tree-row"));
        let after = row;
        added.forEach((child) => { after.after(child); after = child; indent(child); });
      })
      .catch(() => { row.dataset.load = url; setOpen(row, false); })
      .finally(() => row.removeAttribute("aria-busy"));
  };
  table.addEventListener("click", (event) => {
    const button = event.target.closest(".tree-toggle");
    if (!button) return;
    const row = button.closest("tr");
    const open = button.getAttribute("aria-expanded") !== "true";
    setOpen(row, open);
    if (!open) { hideBelow(row); return; }
    const show = () => childrenOf(row).forEach((child) => child.classList.remove("d-none"));
    if (row.dataset.load) load(row).then(show);
    else show();
  });
  const expand = document.getElementById("tree-expand");
  if (expand) {
    expand.addEventListener("click", () => {
      rows().forEach((row) => { row.classList.remove("d-none"); setOpen(row, true); });
    });
  }
  document.getElementById("tree-collapse").addEventListener("click", () => {
    rows().forEach((row) => {
      const depth = Number(row.dataset.depth);
      row.classList.toggle("d-none", depth > 1);
      setOpen(row, depth < 1);
    });
  });
})();
