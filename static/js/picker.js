// The organisation picker (organizations/widgets.py): typing asks the server for the first names that match and
// shows them under the box; choosing one puts its id in the hidden field the form sends. Up and down move through
// the names, Enter chooses (and does not send the form), Escape closes the list. A multiple picker
// (data-picker-multiple) adds each name chosen to its list, a hidden field each, and its buttons take one out.
(function () {
  const DELAY = 200;

  const setup = (root) => {
    if (root.dataset.pickerReady) return;
    root.dataset.pickerReady = "1";
    const multiple = Boolean(root.dataset.pickerMultiple);
    const value = root.querySelector("[data-picker-value]");
    const chosen = root.querySelector(".org-picker-chosen");
    const chip = root.querySelector("template[data-picker-chip]");
    const box = root.querySelector("input[type=search]");
    const list = root.querySelector(".org-picker-results");
    let timer = null;
    let controller = null;
    let asked = null;

    const options = () => Array.from(list.querySelectorAll("[data-id]"));
    const open = (show) => {
      list.classList.toggle("d-none", !show);
      box.setAttribute("aria-expanded", show ? "true" : "false");
    };
    const mark = (index) => {
      options().forEach((option, i) => option.classList.toggle("active", i === index));
    };
    const fetchNames = () => {
      const text = box.value === box.dataset.pickerLabel ? "" : box.value.trim();
      if (asked === text && list.childElementCount) { open(true); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      asked = text;
      fetch(`${root.dataset.picker}&q=${encodeURIComponent(text)}`,
        { headers: { "X-Requested-With": "fetch" }, signal: controller.signal, credentials: "same-origin" })
        .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
        .then((html) => { list.innerHTML = html; open(true); })
        .catch(() => {});
    };
    // A search still to be asked, or on its way, is dropped once a name is chosen or the box is left: its answer
    // would open the list again over the form (the name typed was already chosen from an earlier answer).
    const stop = () => {
      clearTimeout(timer);
      if (controller) controller.abort();
      controller = null;
    };
    const add = (option) => {
      const id = option.dataset.id;
      if (!chosen.querySelector(`[data-chosen="${CSS.escape(id)}"]`)) {
        const item = chip.content.firstElementChild.cloneNode(true);
        item.dataset.chosen = id;
        item.querySelector("input").value = id;
        item.querySelector("span").textContent = option.dataset.label;
        chosen.appendChild(item);
        root.dispatchEvent(new Event("change", { bubbles: true }));
      }
      box.value = "";
      asked = null;
      stop();
      open(false);
    };
    const choose = (option) => {
      if (multiple) { add(option); return; }
      value.value = option.dataset.id;
      box.value = option.dataset.label;
      box.dataset.pickerLabel = option.dataset.label;
      box.classList.remove("is-invalid");
      stop();
      open(false);
      value.dispatchEvent(new Event("change", { bubbles: true }));
    };

    box.addEventListener("focus", fetchNames);
    box.addEventListener("input", () => {
      if (!multiple && box.value !== box.dataset.pickerLabel && value.value) {
        value.value = ""; // a name being retyped is not the one chosen before
        value.dispatchEvent(new Event("change", { bubbles: true }));
      }
      clearTimeout(timer);
      timer = setTimeout(fetchNames, DELAY);
    });
    box.addEventListener("keydown", (event) => {
      const all = options();
      const current = all.findIndex((option) => option.classList.contains("active"));
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.classList.contains("d-none")) { fetchNames(); return; }
        const step = event.key === "ArrowDown" ? 1 : -1;
        mark(Math.max(0, Math.min(all.length - 1, current + step)));
      } else if (event.key === "Enter") {
        if (!list.classList.contains("d-none") && all.length) {
          event.preventDefault();
          choose(all[Math.max(0, current)]);
        }
      } else if (event.key === "Escape") {
        open(false);
      }
    });
    list.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus in the box
    list.addEventListener("click", (event) => {
      const option = event.target.closest("[data-id]");
      if (option) choose(option);
    });
    box.addEventListener("blur", () => {
      stop();
      asked = null;
      open(false);
      if (!multiple && !box.value.trim()) { box.dataset.pickerLabel = ""; value.value = ""; }
    });
    if (chosen) {
      chosen.addEventListener("click", (event) => {
        const remove = event.target.closest("[data-picker-remove]");
        if (!remove) return;
        remove.closest("[data-chosen]").remove(); // the focus stays off the box: its list would cover the form
        root.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
  };

  const scan = (node) => node.querySelectorAll("[data-picker]").forEach(setup);
  scan(document);
  document.addEventListener("htmx:load", (event) => scan(event.target));
})();
