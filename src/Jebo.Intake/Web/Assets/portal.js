// Enhancements only: every page works without this file (CONVENTIONS.md 6). No inline script anywhere, so the
// Content-Security-Policy can forbid it; this file is served from our own origin.
(function () {
  'use strict';

  // Receipt: a button that opens the print dialog (print or save as PDF); without script the page says "Ctrl+P".
  var hint = document.querySelector('.print-hint[data-print-label]');
  if (hint && typeof window.print === 'function') {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button-secondary no-print';
    button.textContent = hint.getAttribute('data-print-label');
    button.addEventListener('click', function () { window.print(); });
    hint.parentNode.insertBefore(button, hint.nextSibling);
  }

  // Files: say at once when a chosen file is over the size limit, instead of after a long upload.
  var files = document.getElementById('attachments');
  if (files && files.files !== undefined) {
    var maxBytes = Number(files.getAttribute('data-max-bytes')) || 0;
    files.addEventListener('change', function () {
      var tooLarge = [];
      for (var i = 0; i < files.files.length; i++) {
        if (maxBytes && files.files[i].size > maxBytes) { tooLarge.push(files.files[i].name); }
      }
      files.setCustomValidity(tooLarge.length ? tooLarge.join(', ') + ' > ' + Math.round(maxBytes / 1048576) + ' MB' : '');
      if (tooLarge.length) { files.reportValidity(); }
    });
  }

  // Reporter: dim the name and phone fields while "anonymous" is chosen (they stay usable: the server explains).
  var anonymous = document.getElementById('reporter-anonymous');
  var named = document.getElementById('reporter-named');
  var block = document.querySelector('.named-fields');
  if (anonymous && named && block) {
    var sync = function () { block.classList.toggle('is-quiet', anonymous.checked); };
    anonymous.addEventListener('change', sync);
    named.addEventListener('change', sync);
    sync();
  }
})();
