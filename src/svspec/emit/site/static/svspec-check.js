/* svspec's in-browser bid check on the "How to respond" page: svspec's own validation code (the
   code of `svspec validate`), run by the bundled Pyodide, on a file the reader chooses. Nothing
   leaves the reader's computer and nothing is loaded from another server: Pyodide, the Python
   sources and the tender's model are files of this site (assets/svspec/check/). */
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : window.location.href;
  var base = new URL("check/", here);
  var loading = null;

  function part(id) { return document.getElementById(id); }

  function say(text) { part("svspec-check-status").textContent = text; }

  function load() {
    if (!loading) {
      loading = (async function () {
        var module = await import(new URL("pyodide/pyodide.mjs", base).href);
        var python = await module.loadPyodide({ indexURL: new URL("pyodide/", base).href,
                                                stdout: function () {}, stderr: function () {} });
        var sources = await fetch(new URL("svspec.zip", base));
        var model = await fetch(new URL("tender-model.json", base));
        if (!sources.ok || !model.ok) { throw new Error("the check's files are missing from this site"); }
        python.unpackArchive(await sources.arrayBuffer(), "zip", { extractDir: "/lib/svspec-check" });
        python.runPython("import sys\nsys.path.insert(0, '/lib/svspec-check')");
        return { check: python.pyimport("svspec.browsercheck").check, model: await model.text() };
      })();
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* Check one file's bytes: the verdict, diagnostics (as `svspec validate --format json`) and
     the text the command prints. Also used by svspec's own browser test. */
  async function check(name, bytes) {
    var env = await load();
    return JSON.parse(env.check(name, bytes, env.model));
  }

  function show(result) {
    var report = part("svspec-check-report");
    report.textContent = (result.text ? result.text + "\n" : "") + result.summary;
    report.hidden = false;
    say(result.ok ? "The bid is valid: " + result.summary : "The bid has problems: " + result.summary);
  }

  async function run() {
    var input = part("svspec-check-file");
    var file = input.files && input.files[0];
    if (!file) { say("Choose your bid file first."); return; }
    part("svspec-check-run").disabled = true;
    say("Checking " + file.name + "... (the first check loads the checker, about 15 MB)");
    try {
      show(await check(file.name, new Uint8Array(await file.arrayBuffer())));
    } catch (error) {
      say("The check could not run in this browser (" + error + "). Check the bid with svspec validate.");
    } finally {
      part("svspec-check-run").disabled = false;
    }
  }

  async function start() {
    var form = part("svspec-check");
    if (!form) { return; }
    var fallback = part("svspec-check-unavailable");
    if (window.location.protocol === "file:") {
      fallback.textContent = "The in-browser check needs the site to be served over http or https: a " +
        "browser does not let a page opened from a file (file://) load the checker. Serve the site " +
        "folder (for example with python -m http.server) or check the bid with svspec validate.";
      return;
    }
    try {
      var probe = await fetch(new URL("pyodide/package.json", base), { method: "GET" });
      if (!probe.ok) { return; }
    } catch (error) {
      return;
    }
    fallback.hidden = true;
    form.hidden = false;
    part("svspec-check-run").addEventListener("click", run);
    window.svspecCheck = check;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
