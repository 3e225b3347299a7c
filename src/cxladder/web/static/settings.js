// Settings pages: copy buttons for snippets and secrets, and a confirmation before a form
// that takes something away (revoke a key, disable a user, remove a webhook).
document.addEventListener("DOMContentLoaded", function () {
  function say(button, text) {
    var status = document.querySelector('[data-status-for="' + button.dataset.copy + '"]');
    if (status) { status.textContent = text; }
  }

  function copyBySelection(field) {
    field.focus();
    field.select();
    return document.execCommand && document.execCommand("copy");
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      if (!field) { return; }
      var text = field.value;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { say(button, button.dataset.copied); },
          function () { say(button, copyBySelection(field) ? button.dataset.copied : button.dataset.failed); }
        );
      } else {
        say(button, copyBySelection(field) ? button.dataset.copied : button.dataset.failed);
      }
    });
  });

  // The survey link as a QR code to print; drawn module by module, no HTML from strings.
  document.querySelectorAll("canvas[data-qr-for]").forEach(function (canvas) {
    var field = document.getElementById(canvas.dataset.qrFor);
    if (!field || !field.value || !window.qrcode) { return; }
    var qr = window.qrcode(0, "M");
    qr.addData(field.value);
    qr.make();
    var count = qr.getModuleCount();
    var quiet = 4;
    var cell = Math.max(2, Math.floor(canvas.width / (count + 2 * quiet)));
    var size = cell * (count + 2 * quiet);
    canvas.width = size;
    canvas.height = size;
    var context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, size, size);
    context.fillStyle = "#000000";
    for (var row = 0; row < count; row += 1) {
      for (var col = 0; col < count; col += 1) {
        if (qr.isDark(row, col)) {
          context.fillRect((col + quiet) * cell, (row + quiet) * cell, cell, cell);
        }
      }
    }
    canvas.dataset.modules = String(count);
    var download = document.getElementById(canvas.id + "-download");
    if (download) {
      download.href = canvas.toDataURL("image/png");
      download.hidden = false;
    }
  });

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
});
