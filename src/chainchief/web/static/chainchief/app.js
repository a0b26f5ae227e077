// ChainChief page helpers: charts from JSON embedded in the page, confirmations.
(function () {
  function renderCharts(root) {
    if (typeof echarts === "undefined") return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.rendered) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var option = JSON.parse(source.textContent);
      if (el.clientWidth < 560 && option.series) {
        // A phone: leave room for the leaves' labels of the chain map.
        option.series.forEach(function (s) {
          if (s.type !== "tree") return;
          s.left = "24%";
          s.right = "32%";
          s.label = Object.assign({}, s.label, { fontSize: 11 });
        });
      }
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
  // Phones: the menu button opens and closes the navigation.
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-menu-toggle]");
    if (!button) return;
    var nav = document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) return;
    var open = nav.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  // Charts follow their box (a phone turned sideways, the print layout).
  window.addEventListener("beforeprint", function () {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  });
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
