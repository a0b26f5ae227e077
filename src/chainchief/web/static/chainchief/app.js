// ChainChief page helpers: charts from JSON embedded in the page, confirmations.
(function () {
  function renderCharts(root) {
    if (typeof echarts === "undefined") return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.rendered) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var option = JSON.parse(source.textContent);
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      el.dataset.rendered = "1";
      window.addEventListener("resize", function () { chart.resize(); });
      if (option._links) {
        chart.on("click", function (p) {
          var href = option._links[p.name] || (p.data && p.data.href);
          if (href) window.location.href = href;
        });
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { renderCharts(document); });
  document.addEventListener("htmx:after:swap", function (e) { renderCharts(document); });
  document.addEventListener("htmx:afterSwap", function (e) { renderCharts(document); });
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
