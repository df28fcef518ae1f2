// Collapsible organisation tree: rows carry data-id / data-parent; a caret shows or hides the sub-units.
(function () {
  const rows = Array.from(document.querySelectorAll("#tree tr.tree-row"));
  // Indentation by depth, set here so that the page carries no style attribute (Content-Security-Policy).
  rows.forEach((row) => {
    const indent = row.querySelector(".tree-indent");
    if (indent) indent.style.width = `${Number(row.dataset.depth) * 22}px`;
  });
  const children = new Map();
  rows.forEach((row) => {
    const parent = row.dataset.parent;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(row);
  });
  const setOpen = (row, open) => {
    const button = row.querySelector(".tree-toggle");
    if (!button) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.firstElementChild.className = "bi " + (open ? "bi-caret-down-fill" : "bi-caret-right-fill");
  };
  const hideBelow = (row) => {
    (children.get(row.dataset.id) || []).forEach((child) => {
      child.classList.add("d-none");
      setOpen(child, false);
      hideBelow(child);
    });
  };
  document.getElementById("tree").addEventListener("click", (event) => {
    const button = event.target.closest(".tree-toggle");
    if (!button) return;
    const row = button.closest("tr");
    const open = button.getAttribute("aria-expanded") !== "true";
    setOpen(row, open);
    if (open) (children.get(row.dataset.id) || []).forEach((child) => child.classList.remove("d-none"));
    else hideBelow(row);
  });
  document.getElementById("tree-expand").addEventListener("click", () => {
    rows.forEach((row) => { row.classList.remove("d-none"); setOpen(row, true); });
  });
  document.getElementById("tree-collapse").addEventListener("click", () => {
    rows.forEach((row) => {
      const depth = Number(row.dataset.depth);
      row.classList.toggle("d-none", depth > 1);
      setOpen(row, depth < 1);
    });
  });
})();
