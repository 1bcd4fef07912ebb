/**
 * google.script.run for dialog pages in a browser, with Apps Script's own shape: `withSuccessHandler(f)`,
 * `withFailureHandler(g)` and `withUserObject(o)` each return a runner that remembers them, and only the
 * script's global functions exist on it (any other name is undefined, as in Apps Script). Each call is recorded
 * in `window.__calls` and answered a moment later from `window.__answers` (`{ value }` or `{ error }`,
 * in order; success when empty). With `window.__hold = true` answers wait for `window.__release()`, so a test can
 * see the page while the server works. A failure with no failure handler is an uncaught error, as in Apps Script.
 */
export function googleScriptRunFake(serverFunctions: readonly string[]): string {
  return `<script>
(function () {
  window.__calls = [];
  window.__answers = [];
  window.__hold = false;
  var held = [];
  window.__release = function () {
    held.splice(0).forEach(function (answer) { answer(); });
  };
  var names = ${JSON.stringify([...serverFunctions])};
  function runner(handlers) {
    var r = {
      withSuccessHandler: function (f) { return runner(Object.assign({}, handlers, { success: f })); },
      withFailureHandler: function (f) { return runner(Object.assign({}, handlers, { failure: f })); },
      withUserObject: function (o) { return runner(Object.assign({}, handlers, { user: o })); },
    };
    names.forEach(function (name) {
      r[name] = function () {
        window.__calls.push([name].concat(Array.prototype.slice.call(arguments)));
        var answer = window.__answers.shift() || {};
        function deliver() {
          if (answer.error !== undefined) {
            var error = new Error(answer.error);
            if (handlers.failure) handlers.failure(error, handlers.user);
            else throw error;
          } else if (handlers.success) handlers.success(answer.value, handlers.user);
        }
        if (window.__hold) held.push(function () { setTimeout(deliver, 0); });
        else setTimeout(deliver, 10);
      };
    });
    return r;
  }
  window.google = { script: { run: runner({}), host: { close: function () { window.__calls.push(['close']); } } } };
})();
</script>`;
}
