// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen-reader and keyboard users hear what went wrong.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Copy buttons: <button data-copy-target="id-of-textarea">.
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      var done = function () {
        if (status) {
          status.textContent = button.getAttribute("data-copied-text") || "Copied";
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(target.value).then(done, function () {
          target.select();
          document.execCommand("copy");
          done();
        });
      } else {
        target.select();
        document.execCommand("copy");
        done();
      }
    });
  });
});

// Character counts under text fields: the limit is shown, never enforced by cutting text.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-count-for"));
    var limit = parseInt(counter.getAttribute("data-count-limit"), 10);
    if (!field || !limit) {
      return;
    }
    var update = function () {
      var length = field.value.replace(/\r\n/g, "\n").length;
      var over = length > limit;
      var template = counter.getAttribute(over ? "data-count-over" : "data-count-left");
      counter.textContent = template.replace("{count}", String(Math.abs(limit - length)));
      counter.classList.toggle("character-count-over", over);
    };
    field.addEventListener("input", update);
    update();
  });
});
