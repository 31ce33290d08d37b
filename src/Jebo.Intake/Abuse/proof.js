// Jebo proof of work, solved in the page (docs/abuse.md). Served by intake at /js/proof.js.
// A form with the attribute data-jebo-proof gets, on submit, a hidden field "proof" holding "challenge:nonce" such
// that SHA-256(challenge + nonce) starts with the challenge's number of zero bits. If anything goes wrong (no network,
// an old browser, more than a few seconds of work) the form is sent without it: reporting never depends on script.
// No eval, nothing from other origins: works under a strict Content-Security-Policy.
(function () {
  "use strict";

  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var W = new Int32Array(64);
  var H = new Int32Array(8);

  function compress(block, offset) {
    var i, a, b, c, d, e, f, g, h, s0, s1, t1, t2, x;
    for (i = 0; i < 16; i++) {
      W[i] = block[offset + i];
    }
    for (i = 16; i < 64; i++) {
      x = W[i - 15];
      s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      x = W[i - 2];
      s1 = ((x >>> 17) | (x << 15)) ^ ((x >>> 19) | (x << 13)) ^ (x >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    a = H[0]; b = H[1]; c = H[2]; d = H[3]; e = H[4]; f = H[5]; g = H[6]; h = H[7];
    for (i = 0; i < 64; i++) {
      s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
    H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
  }

  var INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

  function wordsOf(text, blocks) {
    var words = new Int32Array(blocks * 16);
    for (var i = 0; i < text.length; i++) {
      words[i >> 2] |= (text.charCodeAt(i) & 0xff) << (24 - (i & 3) * 8);
    }
    return words;
  }

  // SHA-256 of an ASCII string, as eight 32-bit words (for tests and checks).
  function digest(text) {
    var length = text.length;
    var blocks = (length + 9 + 63) >> 6;
    var words = wordsOf(text, blocks);
    words[length >> 2] |= 0x80 << (24 - (length & 3) * 8);
    words[blocks * 16 - 1] = length * 8;
    H.set(INITIAL);
    for (var b = 0; b < blocks; b++) {
      compress(words, b * 16);
    }
    return Array.prototype.slice.call(H);
  }

  function zeroBits(text) {
    var h = digest(text);
    var first = Math.clz32(h[0]);
    return first < 32 ? first : 32 + Math.clz32(h[1]);
  }

  // Finds a nonce for the challenge; resolves with "challenge:nonce". The nonce is "0"s up to the next 64-byte
  // boundary, then six base-36 digits: the blocks before the digits are hashed once, so each try costs one
  // compression. Works in slices so the page stays responsive; gives up (rejects) after maxMillis.
  function solve(challenge, difficulty, maxMillis) {
    var pad = (64 - (challenge.length % 64)) % 64;
    var prefix = challenge + "000000000000000000000000000000000000000000000000000000000000000".slice(0, pad);
    var total = prefix.length + 6;
    var head = wordsOf(prefix, prefix.length / 64);
    H.set(INITIAL);
    for (var b = 0; b < prefix.length / 64; b++) {
      compress(head, b * 16);
    }
    var mid = new Int32Array(H);
    var tail = new Int32Array(16);
    tail[15] = total * 8;
    var started = Date.now();
    var counter = 0;
    return new Promise(function (resolve, reject) {
      function slice() {
        var until = Date.now() + 50;
        while (Date.now() < until) {
          for (var n = 0; n < 4096; n++, counter++) {
            var c = counter;
            var d0 = DIGITS.charCodeAt(c % 36); c = (c / 36) | 0;
            var d1 = DIGITS.charCodeAt(c % 36); c = (c / 36) | 0;
            var d2 = DIGITS.charCodeAt(c % 36); c = (c / 36) | 0;
            var d3 = DIGITS.charCodeAt(c % 36); c = (c / 36) | 0;
            var d4 = DIGITS.charCodeAt(c % 36); c = (c / 36) | 0;
            var d5 = DIGITS.charCodeAt(c % 36);
            tail[0] = (d5 << 24) | (d4 << 16) | (d3 << 8) | d2;
            tail[1] = (d1 << 24) | (d0 << 16) | (0x80 << 8);
            H.set(mid);
            compress(tail, 0);
            var first = Math.clz32(H[0]);
            if ((first < 32 ? first : 32 + Math.clz32(H[1])) >= difficulty) {
              resolve(challenge + ":" + prefix.slice(challenge.length) + String.fromCharCode(d5, d4, d3, d2, d1, d0));
              return;
            }
          }
        }
        if (Date.now() - started > (maxMillis || 15000)) {
          reject(new Error("proof of work took too long"));
          return;
        }
        setTimeout(slice, 0);
      }
      slice();
    });
  }

  // Fetches a challenge from this intake and solves it.
  function fetchAndSolve(maxMillis) {
    return fetch("/api/v1/challenge", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error("no challenge: " + response.status); }
        return response.json();
      })
      .then(function (c) { return solve(c.challenge, c.difficulty, maxMillis); });
  }

  function enhance(form) {
    var sending = false;
    form.addEventListener("submit", function (event) {
      if (sending) { return; }
      // Buttons that only change the form (add a person, remove a file) need no proof: only sending does.
      var command = event.submitter && event.submitter.name === "command" ? event.submitter.value : null;
      if (command !== null && command !== "send") { return; }
      event.preventDefault();
      sending = true;
      var field = form.querySelector("input[name=proof]");
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "proof";
        form.appendChild(field);
      }
      var submitter = event.submitter || null;
      fetchAndSolve(8000)
        .then(function (proof) { field.value = proof; }, function () { field.value = ""; })
        .then(function () {
          if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
        });
    });
  }

  window.JeboProof = { solve: solve, fetchAndSolve: fetchAndSolve, zeroBits: zeroBits, digest: digest };
  if (typeof document !== "undefined") {
    var start = function () {
      var forms = document.querySelectorAll("form[data-jebo-proof]");
      for (var i = 0; i < forms.length; i++) { enhance(forms[i]); }
    };
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
  }
})();
