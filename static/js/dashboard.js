(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  Chart.defaults.locale = document.documentElement.lang || "vi";
  const red = "#c62828";
  const palette = ["#c62828", "#ef6c00", "#f9a825", "#2e7d32", "#1565c0", "#6a1b9a"];
  new Chart(document.getElementById("chart-age"), {
    type: "bar",
    data: { labels: data.age.labels, datasets: [{ data: data.age.values, backgroundColor: red }] },
    options: { maintainAspectRatio: false, plugins: { legend: { display: false } }, animation: false, scales: { y: { beginAtZero: true } } },
  });
  new Chart(document.getElementById("chart-theory"), {
    type: "doughnut",
    data: { labels: data.theory.labels, datasets: [{ data: data.theory.values, backgroundColor: palette }] },
    options: { maintainAspectRatio: false, plugins: { legend: { position: "right" } }, animation: false },
  });
})();
