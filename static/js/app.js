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

// Conditional questions: shown only when the radio they depend on has their value.
// Without this script they are always shown, with a hint saying when they apply.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-shown-when]").forEach(function (group) {
    var radios = document.querySelectorAll(
      'input[type="radio"][name="' + group.getAttribute("data-shown-when") + '"]'
    );
    var update = function () {
      var chosen = Array.prototype.find.call(radios, function (radio) {
        return radio.checked;
      });
      var applies = chosen && chosen.value === group.getAttribute("data-shown-value");
      group.hidden = !applies && !group.classList.contains("form-group-error");
    };
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  });
});
